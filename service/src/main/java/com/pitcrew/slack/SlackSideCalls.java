package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.Threads;
import com.pitcrew.observability.LogFields;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack calls that follow something already stored (the question after a 👎, the thanks for a reason, an assistant
 * thread's suggested prompts): run on one thread behind a bounded queue, never in a request Slack waits on. They
 * are best effort: a failure or a full queue is counted ({@code pitcrew.slack.side_calls.<what>.failed} /
 * {@code .dropped}) and logged, and what they follow stays stored. Thread-safe.
 */
final class SlackSideCalls {

    private static final Logger LOG = LoggerFactory.getLogger(SlackSideCalls.class);

    @FunctionalInterface
    interface Call {
        void run() throws SlackReplies.SlackCallException;
    }

    private final ThreadPoolExecutor pool;
    private final MetricRegistry metrics;

    SlackSideCalls(Threads threads, MetricRegistry metrics) {
        // At stop, queued calls get up to 5 s to go out.
        this.pool = threads.pool("slack-side-calls", 1, new ArrayBlockingQueue<>(500), Duration.ofSeconds(5));
        this.metrics = metrics;
    }

    void later(String what, Call call) {
        try {
            pool.execute(() -> {
                try {
                    call.run();
                } catch (SlackReplies.SlackCallException e) {
                    metrics.meter("pitcrew.slack.side_calls." + what + ".failed").mark();
                    LOG.warn("A Slack call after a stored event failed", LogFields.of("call", what,
                            "error", e.getMessage()));
                }
            });
        } catch (RejectedExecutionException e) {
            metrics.meter("pitcrew.slack.side_calls." + what + ".dropped").mark();
        }
    }
}
