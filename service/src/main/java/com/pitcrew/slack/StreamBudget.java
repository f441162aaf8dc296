package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.Pauser;
import com.pitcrew.execution.RequestPacer;
import com.pitcrew.observability.LogFields;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every streamed answer of this instance shares: whether answers stream at all (configured, and not paused
 * since Slack refused to open a stream), and the appends left in the minute. Thread-safe.
 */
final class StreamBudget {

    private static final Logger LOG = LoggerFactory.getLogger(StreamBudget.class);

    private final boolean enabled;
    private final long appendEveryNanos;
    private final long pauseNanos;
    private final long maxQueueWaitMillis;
    private final RequestPacer appends;
    private final LongSupplier nanoTime;
    private final MetricRegistry metrics;
    private final AtomicLong pausedUntil;

    StreamBudget(StreamingConfiguration configuration, LongSupplier nanoTime, MetricRegistry metrics) {
        this.enabled = configuration.isEnabled();
        this.appendEveryNanos = configuration.getAppendEvery().toNanoseconds();
        this.pauseNanos = configuration.getPauseAfterRefusal().toNanoseconds();
        this.maxQueueWaitMillis = configuration.getMaxQueueWait().toMilliseconds();
        // Never waits: tryAcquire only.
        this.appends = new RequestPacer(configuration.getAppendsPerMinute(), Duration.ofMinutes(1), nanoTime,
                Pauser.SLEEP);
        this.nanoTime = nanoTime;
        this.metrics = metrics;
        this.pausedUntil = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Whether an answer that waited {@code queueWaitMillis} may stream: streaming is on, not paused, and the
     * instance is keeping up (an answer that waited longer is posted whole, which costs less).
     */
    boolean available(long queueWaitMillis) {
        if (!enabled || nanoTime.getAsLong() - pausedUntil.get() < 0) {
            return false;
        }
        if (queueWaitMillis > maxQueueWaitMillis) {
            metrics.meter("pitcrew.slack.stream.behind").mark();
            return false;
        }
        return true;
    }

    /** Slack refused to open a stream: the method or its scope is missing here, so answers go whole for a while. */
    void refused(String why) {
        pausedUntil.set(nanoTime.getAsLong() + pauseNanos);
        metrics.meter("pitcrew.slack.stream.paused").mark();
        LOG.warn("Slack refused to open a stream; answers are posted whole for a while",
                LogFields.of("error", why, "pauseSeconds", pauseNanos / 1_000_000_000L));
    }

    /** Whether a stream that last sent at {@code lastSentNanos} may append now; true takes one of the minute's. */
    boolean mayAppend(long lastSentNanos) {
        return nanoTime.getAsLong() - lastSentNanos >= appendEveryNanos && appends.tryAcquire();
    }

    long now() {
        return nanoTime.getAsLong();
    }
}
