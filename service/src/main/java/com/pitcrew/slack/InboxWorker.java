package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.execution.Bulkhead;
import com.pitcrew.execution.PeriodicTask;
import com.pitcrew.execution.Threads;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.observability.LogFields;
import com.pitcrew.observability.MdcPropagation;
import com.pitcrew.pipeline.AnswerStream;
import com.pitcrew.pipeline.InteractionStore;
import com.pitcrew.pipeline.PipelineOutcome;
import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.RequestPipeline;
import com.pitcrew.pipeline.ThreadMemory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers inbox rows in two lanes. One poller thread claims only as many due rows as the lanes have room for
 * ({@code workers + fastWorkers} in flight), so a saturated instance leaves events waiting in the inbox (for this or
 * another instance), never in a memory queue that a crash would lose. Every row starts in the fast lane: the
 * progress reaction, then the pipeline's first half (resolution, pattern verdict, no LLM call). A request whose rest needs
 * no LLM call is finished there; the others move to the LLM lane, whose threads may wait on the LLM (bounded by
 * its bulkhead), so a 25 ms answer never waits behind 2.4 s ones. Slack calls go through their own bulkhead. The
 * poller runs every poll interval and whenever an event arrives or a row finishes.
 * Thread-safe: the poller is the only thread that claims; a row is worked on by one thread at a time.
 */
final class InboxWorker implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(InboxWorker.class);
    private static final ObjectMapper REPLY_JSON = Jackson.newObjectMapper();
    private static final Duration LANE_DRAIN = Duration.ofSeconds(10);

    private final SlackInbox inbox;
    private final RequestPipeline pipeline;
    private final SlackReplies replies;
    private final AssistantThreads assistant;
    private final Bulkhead slackCalls;
    private final Duration slackWait;
    private final int workers;
    private final int fastWorkers;
    private final Duration pollInterval;
    private final Duration lease;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final String owner;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final Semaphore room;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Timer queueWait;
    private final StreamBudget streams;
    /** The owner prefix of this instance's earlier runs, whose rows it takes back at start; empty: wait the lease. */
    private final Optional<String> earlierRuns;

    // Built with the worker, owned by the lifecycle; all null when the worker is disabled.
    private final ScheduledExecutorService poller;
    private final PeriodicTask ticks;
    private final ThreadPoolExecutor fastLane;
    private final ThreadPoolExecutor llmLane;
    private volatile boolean started;

    InboxWorker(SlackInbox inbox, RequestPipeline pipeline, SlackReplies replies, AssistantThreads assistant,
                SlackConfiguration configuration, String owner, Optional<String> earlierRuns, Threads threads,
                Clock clock, MetricRegistry metrics) {
        this.earlierRuns = earlierRuns;
        this.inbox = inbox;
        this.pipeline = pipeline;
        this.replies = replies;
        this.assistant = assistant;
        this.slackCalls = new Bulkhead("slack_api", configuration.getApiMaxConcurrent(), metrics);
        this.slackWait = configuration.getApiTimeout().toJavaDuration();
        this.workers = configuration.getWorkers();
        this.fastWorkers = configuration.getFastWorkers();
        this.pollInterval = configuration.getPollInterval().toJavaDuration();
        this.lease = configuration.getLease().toJavaDuration();
        this.maxAttempts = configuration.getMaxAttempts();
        this.retryBackoff = configuration.getRetryBackoff().toJavaDuration();
        this.owner = owner;
        this.clock = clock;
        this.metrics = metrics;
        int inFlight = workers + fastWorkers;
        this.room = new Semaphore(inFlight);
        this.queueWait = metrics.timer("pitcrew.slack.queue_wait");
        this.streams = new StreamBudget(configuration.getStreaming(), System::nanoTime, metrics);
        if (enabled()) {
            // The lanes' queues are bounded by the claim: never more rows in flight than there are permits.
            this.fastLane = threads.pool("slack-worker-fast", fastWorkers, new LinkedBlockingQueue<>(), LANE_DRAIN);
            this.llmLane = threads.pool("slack-worker-llm", workers, new LinkedBlockingQueue<>(), LANE_DRAIN);
            this.poller = threads.scheduler("slack-inbox-poller");
            // The first poll picks up whatever a previous process acknowledged but never answered.
            this.ticks = new PeriodicTask(poller, Duration.ZERO, pollInterval, this::poll);
        } else {
            this.fastLane = null;
            this.llmLane = null;
            this.poller = null;
            this.ticks = null;
        }
        metrics.gauge("pitcrew.slack.workers.busy", () -> this::inFlight);
        metrics.gauge("pitcrew.slack.lanes.fast.queued", () -> () -> queued(fastLane));
        metrics.gauge("pitcrew.slack.lanes.llm.queued", () -> () -> queued(llmLane));
        metrics.gauge("pitcrew.slack.lanes.fast.active", () -> () -> active(fastLane));
        metrics.gauge("pitcrew.slack.lanes.llm.active", () -> () -> active(llmLane));
    }

    /** Whether this instance answers events at all ({@code workers: 0} only stores them). */
    boolean enabled() {
        return workers > 0;
    }

    boolean running() {
        return !enabled() || (started && !llmLane.isShutdown());
    }

    /** Events this instance is working on now, in either lane or between them. */
    private int inFlight() {
        return workers + fastWorkers - room.availablePermits();
    }

    /** Claimed rows waiting in this instance's lanes for a thread (part of the backlog the busy notice reads). */
    int queuedInLanes() {
        return queued(fastLane) + queued(llmLane);
    }

    private static int queued(ThreadPoolExecutor lane) {
        return lane == null ? 0 : lane.getQueue().size();
    }

    private static int active(ThreadPoolExecutor lane) {
        return lane == null ? 0 : lane.getActiveCount();
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
        started = true;
        ticks.start();
        LOG.info("Slack inbox worker started", LogFields.of("workers", workers, "fastWorkers", fastWorkers,
                "owner", owner));
    }

    /**
     * Looks for work now instead of at the next tick; cheap and safe to call from any thread. Wake-ups that arrive
     * while one is already queued are folded into it: one claim then takes them all.
     */
    void wake() {
        if (!started || !wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            poller.execute(this::poll);
        } catch (RejectedExecutionException e) {
            wakeQueued.set(false);
            LOG.debug("Inbox poller stopped; wake-up ignored");
        }
    }

    @Override
    public void stop() throws InterruptedException {
        if (!started) {
            return;
        }
        // The lanes belong to the lifecycle, which would drain them after this stop; they are drained here, in
        // order, because the rows they leave must be released before the database closes. The fast lane hands rows
        // to the LLM lane: drain it first, then the LLM lane, together within LANE_DRAIN.
        ticks.stop();
        poller.shutdownNow();
        long deadline = System.nanoTime() + LANE_DRAIN.toNanos();
        fastLane.shutdown();
        fastLane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        llmLane.shutdown();
        if (!llmLane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            fastLane.shutdownNow();
            llmLane.shutdownNow();
            llmLane.awaitTermination(5, TimeUnit.SECONDS);
        }
        // Rows still held become due at once for the next owner rather than after the lease.
        int released = inbox.releaseAll(owner, clock.millis());
        LOG.info("Slack inbox worker stopped", LogFields.of("released", released));
    }

    private void poll() {
        wakeQueued.set(false);
        try {
            int free = room.availablePermits();
            if (free == 0) {
                return;
            }
            long claimedAt = clock.millis();
            List<SlackInbox.Row> rows = inbox.claimDue(owner, free, claimedAt, lease.toMillis());
            for (SlackInbox.Row row : rows) {
                room.acquireUninterruptibly();
                try {
                    try (CorrelationId.MdcScope ignored = CorrelationId.bind(row.correlationId())) {
                        Attempt attempt = new Attempt(row, claimedAt, claimedAt + lease.toMillis());
                        MdcPropagation.wrap(fastLane).execute(() -> begin(attempt));
                    }
                } catch (RejectedExecutionException e) {
                    room.release();
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

    /** One claimed row on its way; handed from lane to lane, touched by one thread at a time. */
    private static final class Attempt {
        private final SlackInbox.Row row;
        private final long claimedAt;
        private Optional<String> replyTs;
        private Optional<ThreadMemory.Remembered> remembered = Optional.empty();
        /** Set when the question is in an assistant thread: its status replaces the ⏳. */
        private Optional<AssistantThreads.Opened> assistantThread = Optional.empty();
        /** The answer streaming into the thread, when it is one the LLM writes and streaming is on. */
        private Optional<SlackAnswerStream> stream = Optional.empty();
        /** The message at {@link #replyTs} was opened as a stream that may still be open. */
        private boolean streamOpen;
        /** chat.startStream failed without saying whether it landed: as a post that did, the row is retried. */
        private Optional<SlackReplies.SlackCallException> openUnknown = Optional.empty();
        /** When the lease this process last wrote runs out (by its own clock). */
        private long heldUntil;

        private Attempt(SlackInbox.Row row, long claimedAt, long heldUntil) {
            this.row = row;
            this.claimedAt = claimedAt;
            this.heldUntil = heldUntil;
            this.replyTs = row.replyTs();
            this.streamOpen = row.replyStreamed();
        }
    }

    /** A step of answering a row; its failures are handled alike whichever lane runs it. */
    @FunctionalInterface
    private interface Step {
        /** True when the row was handed to another lane, which now owns its permit. */
        boolean run() throws LeaseLost, SlackReplies.SlackCallException;
    }

    /** Fast lane: the progress sign and the first half; finishes here unless the rest waits on the LLM. */
    private void begin(Attempt attempt) {
        guarded(attempt, () -> {
            SlackInbox.Row row = attempt.row;
            InboxMessage message = row.message();
            // Only a direct message in a thread can be in an assistant thread.
            if (message.eventType().equals("message") && message.threadTs().isPresent()) {
                attempt.assistantThread = assistant.find(message.channelId(), message.replyThreadTs());
            }
            if (attempt.replyTs.isEmpty()) {
                ensureLease(attempt);
                showProgress(attempt);
            }
            if (row.replyJson().isPresent()) {
                StoredAnswer stored = readStored(row.replyJson().get());
                attempt.remembered = stored.remembered();
                finish(attempt, stored.reply(), Optional.empty());
                return false;
            }
            long waitedMillis = Math.max(0, attempt.claimedAt - row.receivedAt());
            RequestPipeline.Prepared prepared = pipeline.prepare(new Inquiry(message.text(), message.userId(),
                    message.teamId(), Optional.of(message.channelId())), row.correlationId(),
                    Optional.of(row.eventId()), Optional.of(new ThreadMemory.Place(new ThreadMemory.ThreadKey(
                            message.channelId(), message.replyThreadTs()), message.threadTs().isPresent())),
                    attempt.assistantThread.flatMap(AssistantThreads.Opened::contextChannelName));
            if (attempt.assistantThread.isPresent()) {
                assistantStatus(message, AssistantThreads.statusFor(prepared.likelyIntent()));
            }
            if (!prepared.needsLlm()) {
                queueWait.update(waitedMillis, TimeUnit.MILLISECONDS);
                finish(attempt, answer(prepared, 0, waitedMillis, Optional.empty()));
                return false;
            }
            long handedOver = System.nanoTime();
            MdcPropagation.wrap(llmLane).execute(() -> guarded(attempt, () -> {
                long laneWait = System.nanoTime() - handedOver;
                long totalWait = waitedMillis + TimeUnit.NANOSECONDS.toMillis(laneWait);
                queueWait.update(totalWait, TimeUnit.MILLISECONDS);
                // Only a question with no message of its own yet can open one as a stream.
                if (attempt.replyTs.isEmpty() && streams.available(totalWait, inFlight())) {
                    attempt.stream = Optional.of(new SlackAnswerStream(text -> openStream(attempt, text), replies,
                            slackCalls, message.channelId(), streams, metrics));
                }
                finish(attempt, answer(prepared, laneWait, totalWait,
                        attempt.stream.map(AnswerStream.class::cast)));
                return false;
            }));
            return true;
        });
    }

    /**
     * Runs one step of answering a row exactly once in Slack, whatever crashes when, and frees the row's room in
     * the lanes unless the step handed the row on.
     *
     * <p>The progress sign is a reaction on the user's message: adding or removing it again changes nothing, so a
     * retry after any crash repeats it safely and no "working on it" message can be left behind. The one write that
     * cannot be repeated safely is the answer's {@code chat.postMessage} (Slack has no idempotency key and assigns
     * the ts), so it comes last and alone: the answer is computed and stored first, {@code answer_posting_at} is
     * recorded right before the post and the ts right after it, and from then on every write is a
     * {@code chat.update} of that message or an idempotent reaction (a busy notice, posted through the same window,
     * is such a message: the answer replaces it). A crash, or a lost response, between Slack accepting the post and
     * our UPDATE is the only way to show the answer twice; such a row is counted
     * ({@code pitcrew.slack.inbox.answer_reposted}) when it is posted again. The lease is renewed before each Slack
     * write and every row update is fenced on the owner, so a process that stalled past its lease stops instead of
     * racing the new owner. The answer is stored with the row before it is shown, so a retry shows the same answer
     * without running the pipeline (and the LLM) a second time.
     */
    private void guarded(Attempt attempt, Step step) {
        SlackInbox.Row row = attempt.row;
        boolean handedOn = false;
        try {
            handedOn = step.run();
        } catch (LeaseLost e) {
            metrics.meter("pitcrew.slack.inbox.lease_lost").mark();
            LOG.warn("Lost the lease on a Slack inbox row; its new owner answers it",
                    LogFields.of("eventId", row.eventId()));
        } catch (SlackReplies.SlackCallException e) {
            retryOrFail(attempt, e.getMessage(), e.permanent());
        } catch (JdbiException e) {
            // The database is unwell, not the event: another attempt may well succeed.
            LOG.warn("Answering a Slack event failed on the database; it will be retried", e);
            retryOrFail(attempt, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        } catch (RejectedExecutionException e) {
            // Stopping: the row goes back to the inbox for the next owner, not to the failed pile.
            LOG.info("Stopping; a Slack event goes back to the inbox", LogFields.of("eventId", row.eventId()));
        } catch (RuntimeException e) {
            // Anything else (an unreadable payload, a bug this event triggers) fails the same way every time:
            // mark it failed now rather than retry it, and leave it to an operator's requeue.
            LOG.error("Answering a Slack event failed; not retrying it", e);
            metrics.meter("pitcrew.slack.inbox.poison").mark();
            retryOrFail(attempt, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        } finally {
            if (!handedOn) {
                room.release();
                wake();
            }
        }
    }

    private void finish(Attempt attempt, Answer answer) throws LeaseLost, SlackReplies.SlackCallException {
        attempt.remembered = answer.remembered();
        Optional<String> streamed = attempt.stream.flatMap(SlackAnswerStream::ts);
        if (streamed.isPresent()) {
            endStream(attempt, attempt.stream.get(), streamed.get(), answer.reply());
            return;
        }
        if (attempt.openUnknown.isPresent()) {
            storeReply(attempt, answer.json()); // the retry shows this answer instead of asking the LLM again
            throw attempt.openUnknown.get();
        }
        finish(attempt, answer.reply(), Optional.of(answer.json()));
    }

    /**
     * The fenced opening of a streamed answer, as {@link #postOnce} fences a post: the sign off, the intent recorded
     * (with the lease extended), {@code chat.startStream}, its ts recorded. Empty when it did not open: then the
     * answer is posted whole at the end, unless Slack's answer was lost (kept in {@code openUnknown}: the row is
     * retried as after a post whose outcome is unknown). Runs on the thread the LLM streams on.
     */
    private Optional<String> openStream(Attempt attempt, String markdownText) {
        SlackInbox.Row row = attempt.row;
        InboxMessage message = row.message();
        clearProgress(attempt);
        Optional<Bulkhead.Permit> permit = slackCalls.acquire(slackWait);
        if (permit.isEmpty()) {
            return Optional.empty();
        }
        try (Bulkhead.Permit held = permit.get()) {
            long now = clock.millis();
            if (!inbox.recordPosting(row.eventId(), owner, Optional.empty(), now, lease.toMillis())) {
                return Optional.empty(); // lost the row: the post at the end finds that out and stops
            }
            attempt.heldUntil = now + lease.toMillis();
            String ts;
            try {
                ts = replies.startStream(message.channelId(), message.replyThreadTs(), message.userId(),
                        message.teamId(), markdownText);
            } catch (SlackReplies.SlackCallException e) {
                if (e.refused()) {
                    // This answer is posted whole; only a refusal of the method itself stops streaming a while.
                    e.slackError().filter(StreamBudget::meansNoStreaming).ifPresent(streams::refused);
                } else {
                    attempt.openUnknown = Optional.of(e);
                }
                return Optional.empty();
            }
            attempt.streamOpen = true;
            if (!inbox.recordStreamTs(row.eventId(), owner, ts, clock.millis())) {
                // The row is someone else's now: end what was shown, and let the post at the end stop this attempt.
                replies.endStreamAsIs(message.channelId(), ts);
                return Optional.empty();
            }
            attempt.replyTs = Optional.of(ts);
            return Optional.of(ts);
        }
    }

    /**
     * Ends the streamed answer at {@code ts} as {@code reply}: its remaining text and its items under it in
     * {@code chat.stopStream}, or, when the stream cannot end as that reply (a call failed, the handler changed
     * course), the message replaced whole. Then the row is done, in one commit as after a post.
     */
    private void endStream(Attempt attempt, SlackAnswerStream stream, String ts, Reply reply)
            throws LeaseLost, SlackReplies.SlackCallException {
        String channel = attempt.row.message().channelId();
        ensureLease(attempt);
        Optional<String> rest = stream.rest(reply);
        boolean ended = false;
        if (rest.isPresent()) {
            try {
                slack(() -> {
                    replies.stopStream(channel, ts, rest.get(), ReplyBlocks.underStreamed(reply, true));
                    return ts;
                });
                attempt.streamOpen = false;
                ended = true;
                metrics.meter("pitcrew.slack.stream.stopped").mark();
            } catch (SlackReplies.SlackCallException e) {
                if (!e.refused()) {
                    throw e; // the retry stops it, or finds it stopped, and shows the answer whole
                }
            }
        }
        if (!ended) {
            metrics.meter("pitcrew.slack.stream.replaced").mark();
            showAgain(attempt, channel, ts, reply, true);
        }
        if (!answered(attempt, channel, ts)) {
            throw new LeaseLost();
        }
        posted(attempt, channel, ended);
    }

    /** The answer is up and its row done: counted and logged alike however it got there. */
    private void posted(Attempt attempt, String channel, boolean streamed) {
        metrics.meter("pitcrew.slack.inbox.processed").mark();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventId", attempt.row.eventId());
        fields.put("channel", channel);
        fields.put("attempt", attempt.row.attempts());
        fields.put("streamed", streamed);
        LOG.info("Slack reply posted", LogFields.of(fields));
    }

    /** Replaces the message at {@code ts} with {@code reply}; a stream still open there is ended first. */
    private void showAgain(Attempt attempt, String channel, String ts, Reply reply, boolean rateable)
            throws SlackReplies.SlackCallException {
        slack(() -> {
            if (attempt.streamOpen) {
                replies.endStreamAsIs(channel, ts);
                attempt.streamOpen = false;
            }
            replies.showAnswer(channel, ts, reply, rateable);
            return ts;
        });
    }

    /**
     * Shows the answer and closes the row; {@code unsaved} is the answer's JSON when it is not stored with the row
     * yet. The sign comes off first: a crash after that shows it again on the retry, and once the answer is up
     * nothing is left to clear. Two commits here (the answer with the posting intent; done with the reply's ts,
     * its interaction link and the thread's memory), the interaction row the third.
     */
    private void finish(Attempt attempt, Reply reply, Optional<String> unsaved)
            throws LeaseLost, SlackReplies.SlackCallException {
        SlackInbox.Row row = attempt.row;
        InboxMessage message = row.message();
        String channel = message.channelId();
        ensureLease(attempt);
        clearProgress(attempt);
        if (attempt.replyTs.isPresent()) {
            String ts = attempt.replyTs.get();
            if (unsaved.isPresent()) {
                storeReply(attempt, unsaved.get());
            }
            showAgain(attempt, channel, ts, reply, true);
            if (!answered(attempt, channel, ts)) {
                throw new LeaseLost();
            }
        } else {
            attempt.replyTs = Optional.of(postOnce(attempt, message, reply, true, unsaved,
                    ts -> answered(attempt, channel, ts)));
        }
        posted(attempt, channel, false);
    }

    /**
     * The row is done at {@code ts}; in the same commit the reply is tied to its interaction and the thread
     * remembers the answer (stored with it, so a retry that shows a stored answer remembers it too).
     */
    private boolean answered(Attempt attempt, String channel, String ts) {
        String eventId = attempt.row.eventId();
        long now = clock.millis();
        return inbox.markAnswered(eventId, owner, ts, now, handle -> {
            // The user has the answer either way: a failed statement leaves the transaction usable on H2 and
            // MySQL, so the row is still closed; what is lost is counted.
            try {
                InteractionStore.attachReply(handle, eventId, channel, ts);
            } catch (RuntimeException e) {
                metrics.meter("pitcrew.slack.attach_reply_failed").mark();
                LOG.warn("Could not tie the reply to its interaction", e);
            }
            attempt.remembered.ifPresent(remembered -> {
                try {
                    ThreadMemory.remember(handle, remembered.key(), remembered.turn(), now);
                } catch (RuntimeException e) {
                    metrics.meter("pitcrew.threads.write_failed").mark();
                    LOG.warn("Could not remember the thread's answer; its follow-ups will be read alone", e);
                }
            });
        });
    }

    /** What a fenced write right after the post records; false when the row was lost meanwhile. */
    @FunctionalInterface
    private interface AfterPost {
        boolean record(String ts);
    }

    /**
     * The one non-idempotent write, fenced tightly on both sides: intent recorded (with the answer, when it is not
     * stored yet), post, ts recorded. Returns the ts every later write targets. An answer is {@code rateable} (ends
     * in the feedback buttons); an apology is not.
     */
    private String postOnce(Attempt attempt, InboxMessage message, Reply reply, boolean rateable,
                            Optional<String> unsaved, AfterPost afterPost)
            throws LeaseLost, SlackReplies.SlackCallException {
        SlackInbox.Row row = attempt.row;
        if (row.answerMaybePosted()) {
            metrics.meter("pitcrew.slack.inbox.answer_reposted").mark();
            LOG.warn("An earlier attempt stopped inside posting this answer; posting it again may show it twice",
                    LogFields.of("eventId", row.eventId(), "channel", message.channelId()));
        }
        // The bulkhead is taken before the intent is recorded: a full one must not leave the row marked as posting.
        Optional<Bulkhead.Permit> permit = slackCalls.acquire(slackWait);
        if (permit.isEmpty()) {
            if (unsaved.isPresent()) {
                storeReply(attempt, unsaved.get()); // the retry shows this answer instead of asking the LLM again
            }
            throw new SlackReplies.SlackCallException("all Slack Web API calls in use", false);
        }
        try (Bulkhead.Permit held = permit.get()) {
            long now = clock.millis();
            if (!inbox.recordPosting(row.eventId(), owner, unsaved, now, lease.toMillis())) {
                throw new LeaseLost();
            }
            attempt.heldUntil = now + lease.toMillis();
            String posted = replies.postAnswer(message.channelId(), message.replyThreadTs(), reply, rateable);
            if (!afterPost.record(posted)) {
                throw new LeaseLost();
            }
            return posted;
        }
    }

    private void storeReply(Attempt attempt, String json) throws LeaseLost {
        long now = clock.millis();
        if (!inbox.recordReply(attempt.row.eventId(), owner, json, now, lease.toMillis())) {
            throw new LeaseLost();
        }
        attempt.heldUntil = now + lease.toMillis();
    }

    /**
     * Best effort, inside the Slack bulkhead: with the bulkhead full the answer comes without the sign. In an
     * assistant thread the sign is the thread's status (and its first question becomes its title).
     */
    private void showProgress(Attempt attempt) {
        InboxMessage message = attempt.row.message();
        boolean shown = bestEffort(() -> {
            if (attempt.assistantThread.isPresent()) {
                assistant.status(message.channelId(), message.replyThreadTs(), AssistantThreads.READING);
                if (!attempt.assistantThread.get().titled()) {
                    assistant.titleOnce(message.channelId(), message.replyThreadTs(), message.text());
                }
            } else {
                replies.showProgress(message.channelId(), message.ts());
            }
            return true;
        });
        if (!shown) {
            metrics.meter("pitcrew.slack.progress.not_shown").mark();
        }
    }

    /** The stage the question is in next, as the assistant thread's status. */
    private void assistantStatus(InboxMessage message, String status) {
        boolean shown = bestEffort(() -> {
            assistant.status(message.channelId(), message.replyThreadTs(), status);
            return true;
        });
        if (!shown) {
            metrics.meter("pitcrew.slack.progress.not_shown").mark();
        }
    }

    private void clearProgress(Attempt attempt) {
        InboxMessage message = attempt.row.message();
        if (attempt.assistantThread.isPresent()) {
            assistantStatus(message, "");
            return;
        }
        if (!bestEffort(() -> replies.clearProgress(message.channelId(), message.ts()))) {
            // Slack refused twice (or stayed too busy); the answer is in the thread, so only the sign is left.
            metrics.meter("pitcrew.slack.progress.not_cleared").mark();
        }
    }

    /** A Slack call that may be skipped: false when the bulkhead stayed full or the call said it did not land. */
    private boolean bestEffort(java.util.function.BooleanSupplier call) {
        Optional<Bulkhead.Permit> permit = slackCalls.acquire(slackWait);
        if (permit.isEmpty()) {
            return false;
        }
        try (Bulkhead.Permit held = permit.get()) {
            return call.getAsBoolean();
        }
    }

    /** One Slack Web API call inside the Slack bulkhead; a bulkhead that stays full is a retryable failure. */
    private String slack(SlackCall call) throws SlackReplies.SlackCallException {
        Optional<Bulkhead.Permit> permit = slackCalls.acquire(slackWait);
        if (permit.isEmpty()) {
            throw new SlackReplies.SlackCallException("all Slack Web API calls in use", false);
        }
        try (Bulkhead.Permit held = permit.get()) {
            return call.run();
        }
    }

    @FunctionalInterface
    private interface SlackCall {
        String run() throws SlackReplies.SlackCallException;
    }

    /** An answer computed by this attempt, with the JSON it is stored as (with the row, before it is shown). */
    private record Answer(Reply reply, String json, Optional<ThreadMemory.Remembered> remembered) {
    }

    /** What {@code reply_json} holds: the reply, and what its thread remembers of it once it is shown. */
    record StoredAnswer(Reply reply, Optional<ThreadMemory.Remembered> remembered) {
    }

    /** Runs the pipeline's second half once per event; the answer is stored with the row before any Slack write. */
    private Answer answer(RequestPipeline.Prepared prepared, long laneWaitNanos, long queueWaitMillis,
                          Optional<AnswerStream> stream) {
        PipelineOutcome outcome = pipeline.complete(prepared, laneWaitNanos, queueWaitMillis, stream);
        try {
            return new Answer(outcome.reply(), REPLY_JSON.writeValueAsString(new StoredAnswer(outcome.reply(),
                    outcome.remembered())), outcome.remembered());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reply could not be written as JSON", e);
        }
    }

    static StoredAnswer readStored(String json) {
        try {
            JsonNode stored = REPLY_JSON.readTree(json);
            // Rows stored before the thread's memory was kept with the reply hold the reply alone.
            return stored.has("reply") ? REPLY_JSON.treeToValue(stored, StoredAnswer.class)
                    : new StoredAnswer(REPLY_JSON.treeToValue(stored, Reply.class), Optional.empty());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored reply could not be read back", e);
        }
    }

    /**
     * Renews the lease before a Slack write unless the lease this process last wrote has more than half of it left:
     * that one is still its own (another owner waits for it to run out), with half a lease of slack for clocks that
     * disagree, and the renewal would only cost a commit.
     */
    private void ensureLease(Attempt attempt) throws LeaseLost {
        long now = clock.millis();
        if (attempt.heldUntil - now > lease.toMillis() / 2) {
            return;
        }
        if (!inbox.renew(attempt.row.eventId(), owner, now, lease.toMillis())) {
            throw new LeaseLost();
        }
        attempt.heldUntil = now + lease.toMillis();
    }

    private void retryOrFail(Attempt attempt, String error, boolean permanent) {
        SlackInbox.Row row = attempt.row;
        long now = clock.millis();
        try {
            if (permanent || row.attempts() >= maxAttempts) {
                // While the row is still held: the apology takes the answer's place, and the sign comes off.
                apologise(attempt);
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
    private void apologise(Attempt attempt) {
        SlackInbox.Row row = attempt.row;
        Optional<String> replyTs = attempt.replyTs;
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
                showAgain(attempt, message.channelId(), replyTs.get(), apology, false);
            } else {
                postOnce(attempt, message, apology, false, Optional.empty(),
                        ts -> inbox.recordReplyTs(row.eventId(), owner, ts, clock.millis()));
            }
        } catch (SlackReplies.SlackCallException e) {
            LOG.warn("Could not tell the user a Slack event failed",
                    LogFields.of("eventId", row.eventId(), "error", e.getMessage()));
        } catch (LeaseLost e) {
            return; // The new owner answers it.
        }
        clearProgress(attempt);
    }

    private static final class LeaseLost extends Exception {
        LeaseLost() {
            super(null, null, false, false);
        }
    }
}
