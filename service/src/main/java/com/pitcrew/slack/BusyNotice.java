package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.Threads;
import com.pitcrew.observability.LogFields;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overload made visible: while more than {@code slack.busyBacklog} events wait, a newly stored event gets a short
 * "busy, answering in order" message at once instead of a silent wait. The notice is posted through the same
 * once-only window as an answer ({@code answer_posting_at} recorded before the post, its ts right after), so it
 * becomes the event's one message: the worker later replaces it with the answer through {@code chat.update} and the
 * event still gets exactly one bot message. It takes the row under a short lease so a worker cannot post the answer
 * meanwhile; a worker that got there first (or an answer already posting) wins and no notice is sent. A notice Slack
 * refused clears its mark; one whose outcome is unknown leaves the row marked as possibly posted, which the worker
 * counts ({@code pitcrew.slack.inbox.answer_reposted}) when it posts the answer. Posting runs on two threads behind a bounded queue: a full queue drops the notice
 * ({@code pitcrew.slack.busy_notice.dropped}), never the ack. Thread-safe.
 */
final class BusyNotice {

    private static final Logger LOG = LoggerFactory.getLogger(BusyNotice.class);
    private static final Duration NOTICE_LEASE = Duration.ofSeconds(30);

    private final SlackInbox inbox;
    private final SlackReplies replies;
    private final LongSupplier backlog;
    private final int threshold;
    private final String owner;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final ThreadPoolExecutor pool;

    BusyNotice(SlackInbox inbox, SlackReplies replies, LongSupplier backlog, int threshold, String owner,
               Threads threads, Clock clock, MetricRegistry metrics) {
        // Its lifecycle lets queued notices go out (up to 5 s) at stop.
        this.pool = threads.pool("slack-busy-notice", 2, new ArrayBlockingQueue<>(1000), Duration.ofSeconds(5));
        this.inbox = inbox;
        this.replies = replies;
        this.backlog = backlog;
        this.threshold = threshold;
        this.owner = owner;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Called after {@code message} was stored; cheap (a cached backlog figure) and never throws. */
    void stored(InboxMessage message) {
        try {
            if (backlog.getAsLong() <= threshold) {
                return;
            }
            pool.execute(() -> post(message));
        } catch (RejectedExecutionException e) {
            metrics.meter("pitcrew.slack.busy_notice.dropped").mark();
        } catch (RuntimeException e) {
            metrics.meter("pitcrew.slack.busy_notice.failed").mark();
            LOG.warn("Could not consider a busy notice", e);
        }
    }

    void post(InboxMessage message) {
        try {
            if (!inbox.claimForNotice(message.eventId(), owner, clock.millis(), NOTICE_LEASE.toMillis())) {
                return;
            }
            Optional<String> ts = Optional.empty();
            boolean notPosted = false;
            try {
                if (!inbox.recordAnswerPosting(message.eventId(), owner, clock.millis())) {
                    return; // The short lease ran out: a worker holds the row now.
                }
                ts = Optional.of(replies.postNotice(message.channelId(), message.replyThreadTs(), SlackReplies.BUSY));
                metrics.meter("pitcrew.slack.busy_notice.sent").mark();
                LOG.info("Busy notice posted", LogFields.of("eventId", message.eventId()));
            } catch (SlackReplies.SlackCallException e) {
                notPosted = e.refused();
                metrics.meter("pitcrew.slack.busy_notice.failed").mark();
                LOG.warn("Could not post a busy notice; the worker posts the answer",
                        LogFields.of("eventId", message.eventId(), "error", e.getMessage()));
            } finally {
                inbox.endNotice(message.eventId(), owner, ts, notPosted, clock.millis());
            }
        } catch (JdbiException e) {
            // The row stays as it was, or its short lease runs out: the worker answers it either way.
            metrics.meter("pitcrew.slack.busy_notice.failed").mark();
            LOG.warn("Busy notice failed on the database", e);
        }
    }

}
