package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.observability.LogFields;
import com.pitcrew.observability.MdcPropagation;
import com.pitcrew.pipeline.InteractionStore;
import com.pitcrew.pipeline.PipelineOutcome;
import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.RequestPipeline;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers inbox rows with a bounded pool. One poller thread claims only as many due rows as there are idle workers,
 * so a saturated pool leaves events waiting in the inbox (for this or another instance), never in a memory queue
 * that a crash would lose. The poller runs every poll interval and whenever an event arrives or a worker frees up.
 * Thread-safe: the poller is the only thread that claims; workers only touch the rows they hold.
 */
final class InboxWorker implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(InboxWorker.class);
    private static final ObjectMapper REPLY_JSON = Jackson.newObjectMapper();

    private final SlackInbox inbox;
    private final RequestPipeline pipeline;
    private final InteractionStore interactions;
    private final SlackReplies replies;
    private final int workers;
    private final Duration pollInterval;
    private final Duration lease;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final String owner;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final Semaphore idle;
    /** The owner prefix of this instance's earlier runs, whose rows it takes back at start; empty: wait the lease. */
    private final Optional<String> earlierRuns;

    private volatile ScheduledExecutorService poller;
    private volatile ExecutorService pool;

    InboxWorker(SlackInbox inbox, RequestPipeline pipeline, InteractionStore interactions, SlackReplies replies,
                SlackConfiguration configuration, String owner, Optional<String> earlierRuns, Clock clock,
                MetricRegistry metrics) {
        this.earlierRuns = earlierRuns;
        this.inbox = inbox;
        this.pipeline = pipeline;
        this.interactions = interactions;
        this.replies = replies;
        this.workers = configuration.getWorkers();
        this.pollInterval = configuration.getPollInterval().toJavaDuration();
        this.lease = configuration.getLease().toJavaDuration();
        this.maxAttempts = configuration.getMaxAttempts();
        this.retryBackoff = configuration.getRetryBackoff().toJavaDuration();
        this.owner = owner;
        this.clock = clock;
        this.metrics = metrics;
        this.idle = new Semaphore(workers);
        metrics.gauge("pitcrew.slack.workers.busy", () -> () -> workers - idle.availablePermits());
    }

    /** Whether this instance answers events at all ({@code workers: 0} only stores them). */
    boolean enabled() {
        return workers > 0;
    }

    boolean running() {
        ExecutorService current = pool;
        return !enabled() || (current != null && !current.isShutdown());
    }

    @Override
    public void start() {
        if (!enabled()) {
            LOG.warn("Slack inbox worker disabled (slack.workers = 0): events are stored and acknowledged, "
                    + "and answered by another instance or after a restart");
            return;
        }
        earlierRuns.ifPresent(prefix -> {
            int recovered = inbox.releaseEarlierRuns(owner, prefix, clock.millis());
            if (recovered > 0) {
                metrics.counter("pitcrew.slack.inbox.recovered").inc(recovered);
                LOG.info("Took back the events an earlier run held when it stopped", LogFields.of("events", recovered));
            }
        });
        pool = MdcPropagation.wrap(Executors.newFixedThreadPool(workers, named("slack-worker")));
        poller = Executors.newSingleThreadScheduledExecutor(named("slack-inbox-poller"));
        // The first poll picks up whatever a previous process acknowledged but never answered.
        poller.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Slack inbox worker started", LogFields.of("workers", workers, "owner", owner));
    }

    /** Looks for work now instead of at the next tick; cheap and safe to call from any thread. */
    void wake() {
        ScheduledExecutorService current = poller;
        if (current == null) {
            return;
        }
        try {
            current.execute(this::poll);
        } catch (RejectedExecutionException e) {
            LOG.debug("Inbox poller stopped; wake-up ignored");
        }
    }

    @Override
    public void stop() throws InterruptedException {
        if (!enabled() || poller == null) {
            return;
        }
        poller.shutdownNow();
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        // Rows still held become due at once for the next owner rather than after the lease.
        int released = inbox.releaseAll(owner, clock.millis());
        LOG.info("Slack inbox worker stopped", LogFields.of("released", released));
    }

    private void poll() {
        try {
            int free = idle.availablePermits();
            if (free == 0) {
                return;
            }
            List<SlackInbox.Row> rows = inbox.claimDue(owner, free, clock.millis(), lease.toMillis());
            for (SlackInbox.Row row : rows) {
                idle.acquireUninterruptibly();
                try {
                    try (CorrelationId.MdcScope ignored = CorrelationId.bind(row.correlationId())) {
                        pool.execute(() -> {
                            try {
                                process(row);
                            } finally {
                                idle.release();
                                wake();
                            }
                        });
                    }
                } catch (RejectedExecutionException e) {
                    idle.release();
                    inbox.releaseAll(owner, clock.millis());
                    return;
                }
            }
        } catch (RuntimeException e) {
            // The poller must survive a database hiccup: the next tick tries again.
            metrics.meter("pitcrew.slack.inbox.poll_failed").mark();
            LOG.warn("Polling the Slack inbox failed", e);
        }
    }

    /**
     * Answers one row once in Slack, whatever crashes when.
     *
     * <p>The progress sign is a reaction on the user's message: adding or removing it again changes nothing, so a
     * retry after any crash repeats it safely and no "working on it" message can be left behind. The one write that
     * cannot be repeated safely is the answer's {@code chat.postMessage} (Slack has no idempotency key and assigns
     * the ts), so it comes last and alone: the answer is computed and stored first, {@code answer_posting_at} is
     * recorded right before the post and the ts right after it, and from then on every write is a
     * {@code chat.update} of that message or an idempotent reaction. A crash, or a lost response, between Slack
     * accepting the post and our UPDATE is the only way to show the answer twice; such a row is counted
     * ({@code pitcrew.slack.inbox.answer_reposted}) when it is posted again. The lease is renewed before each Slack
     * write and every row update is fenced on the owner, so a process that stalled past its lease stops instead of
     * racing the new owner.
     */
    private void process(SlackInbox.Row row) {
        Optional<String> replyTs = row.replyTs();
        try {
            InboxMessage message = row.message();
            String channel = message.channelId();
            if (replyTs.isEmpty()) {
                ensureLease(row);
                replies.showProgress(channel, message.ts());
            }
            Reply reply = row.replyJson().isPresent() ? readReply(row.replyJson().get()) : answer(row, message);
            ensureLease(row);
            if (replyTs.isPresent()) {
                replies.showAnswer(channel, replyTs.get(), reply);
            } else {
                replyTs = Optional.of(postOnce(row, message, reply));
            }
            clearProgress(message);
            attachReply(row.eventId(), channel, replyTs.get());
            if (inbox.markDone(row.eventId(), owner, clock.millis())) {
                metrics.meter("pitcrew.slack.inbox.processed").mark();
                LOG.info("Slack reply posted", LogFields.of("eventId", row.eventId(), "channel", channel,
                        "attempt", row.attempts()));
            }
        } catch (LeaseLost e) {
            metrics.meter("pitcrew.slack.inbox.lease_lost").mark();
            LOG.warn("Lost the lease on a Slack inbox row; its new owner answers it",
                    LogFields.of("eventId", row.eventId()));
        } catch (SlackReplies.SlackCallException e) {
            retryOrFail(row, replyTs, e.getMessage(), e.permanent());
        } catch (JdbiException e) {
            // The database is unwell, not the event: another attempt may well succeed.
            LOG.warn("Answering a Slack event failed on the database; it will be retried", e);
            retryOrFail(row, replyTs, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        } catch (RuntimeException e) {
            // Anything else (an unreadable payload, a bug this event triggers) fails the same way every time:
            // mark it failed now rather than retry it, and leave it to an operator's requeue.
            LOG.error("Answering a Slack event failed; not retrying it", e);
            metrics.meter("pitcrew.slack.inbox.poison").mark();
            retryOrFail(row, replyTs, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        }
    }

    /**
     * The one non-idempotent write, fenced tightly on both sides: intent recorded, post, ts recorded. Returns the
     * ts every later write targets.
     */
    private String postOnce(SlackInbox.Row row, InboxMessage message, Reply reply)
            throws LeaseLost, SlackReplies.SlackCallException {
        if (row.answerMaybePosted()) {
            metrics.meter("pitcrew.slack.inbox.answer_reposted").mark();
            LOG.warn("An earlier attempt stopped inside posting this answer; posting it again may show it twice",
                    LogFields.of("eventId", row.eventId(), "channel", message.channelId()));
        }
        if (!inbox.recordAnswerPosting(row.eventId(), owner, clock.millis())) {
            throw new LeaseLost();
        }
        String posted = replies.postAnswer(message.channelId(), message.replyThreadTs(), reply);
        if (!inbox.recordReplyTs(row.eventId(), owner, posted, clock.millis())) {
            throw new LeaseLost();
        }
        return posted;
    }

    private void clearProgress(InboxMessage message) {
        if (!replies.clearProgress(message.channelId(), message.ts())) {
            // Slack refused twice; the answer is in the thread, so only the sign is left. A crash cannot cause this.
            metrics.meter("pitcrew.slack.progress.not_cleared").mark();
        }
    }

    /** Runs the pipeline once per event and keeps the answer with the row before any Slack write can fail. */
    private Reply answer(SlackInbox.Row row, InboxMessage message) throws LeaseLost {
        Inquiry inquiry = new Inquiry(message.text(), message.userId(), message.teamId(),
                Optional.of(message.channelId()));
        PipelineOutcome outcome = pipeline.handle(inquiry, row.correlationId(), Optional.of(row.eventId()));
        try {
            if (!inbox.recordReply(row.eventId(), owner, REPLY_JSON.writeValueAsString(outcome.reply()),
                    clock.millis())) {
                throw new LeaseLost();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reply could not be written as JSON", e);
        }
        return outcome.reply();
    }

    private static Reply readReply(String json) {
        try {
            return REPLY_JSON.readValue(json, Reply.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored reply could not be read back", e);
        }
    }

    private void ensureLease(SlackInbox.Row row) throws LeaseLost {
        if (!inbox.renew(row.eventId(), owner, clock.millis(), lease.toMillis())) {
            throw new LeaseLost();
        }
    }

    private void attachReply(String eventId, String channel, String ts) {
        try {
            interactions.attachReply(eventId, channel, ts);
        } catch (RuntimeException e) {
            // The user has the answer; only the feedback link is lost, which we count.
            metrics.meter("pitcrew.slack.attach_reply_failed").mark();
            LOG.warn("Could not tie the reply to its interaction", e);
        }
    }

    private void retryOrFail(SlackInbox.Row row, Optional<String> replyTs, String error, boolean permanent) {
        long now = clock.millis();
        try {
            if (permanent || row.attempts() >= maxAttempts) {
                // While the row is still held: the apology takes the answer's place, and the sign comes off.
                apologise(row, replyTs);
                if (inbox.markFailed(row.eventId(), owner, error, clock.millis())) {
                    metrics.meter("pitcrew.slack.inbox.failed").mark();
                    LOG.error("Slack event not answered; giving up", LogFields.of("eventId", row.eventId(),
                            "attempts", row.attempts(), "error", error));
                }
                return;
            }
            long delay = retryBackoff.toMillis() << Math.min(10, row.attempts() - 1);
            inbox.reschedule(row.eventId(), owner, now + delay, error, now);
            metrics.meter("pitcrew.slack.inbox.retried").mark();
            LOG.warn("Slack event will be retried", LogFields.of("eventId", row.eventId(),
                    "attempts", row.attempts(), "error", error));
        } catch (RuntimeException e) {
            // The lease runs out and the row is claimed again: nothing is lost.
            LOG.error("Could not record the outcome of a Slack inbox row", e);
        }
    }

    /**
     * Best effort: the user must not be left with a progress sign promising an answer that will never come. The
     * apology goes where the answer would have (its message, or one posted as the answer would be), so a requeue
     * later replaces it with the answer instead of posting a second message.
     */
    private void apologise(SlackInbox.Row row, Optional<String> replyTs) {
        InboxMessage message;
        try {
            message = row.message();
        } catch (RuntimeException unreadable) {
            return; // Nothing was shown for a payload that cannot be read.
        }
        Reply apology = Reply.text("Sorry, I could not answer this one. It has been logged (reference `"
                + row.correlationId() + "`); please ask again.");
        try {
            if (replyTs.isPresent()) {
                replies.showAnswer(message.channelId(), replyTs.get(), apology);
            } else {
                postOnce(row, message, apology);
            }
        } catch (SlackReplies.SlackCallException e) {
            LOG.warn("Could not tell the user a Slack event failed",
                    LogFields.of("eventId", row.eventId(), "error", e.getMessage()));
        } catch (LeaseLost e) {
            return; // The new owner answers it.
        }
        clearProgress(message);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static final class LeaseLost extends Exception {
        LeaseLost() {
            super(null, null, false, false);
        }
    }
}
