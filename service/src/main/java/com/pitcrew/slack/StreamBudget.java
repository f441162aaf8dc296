package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.Pauser;
import com.pitcrew.execution.RequestPacer;
import com.pitcrew.observability.LogFields;
import java.time.Duration;
import java.util.Set;
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
    /** Refusals of chat.startStream that no other channel or answer would escape: the method is not there for us. */
    private static final Set<String> NO_STREAMING = Set.of("unknown_method", "method_deprecated",
            "deprecated_endpoint", "missing_scope", "not_allowed_token_type", "is_bot", "enterprise_is_restricted",
            "access_denied", "accesslimited");

    private final boolean enabled;
    private final long appendEveryNanos;
    private final long pauseNanos;
    private final long maxQueueWaitMillis;
    private final int maxInFlight;
    private final RequestPacer appends;
    private final RequestPacer opens;
    private final LongSupplier nanoTime;
    private final MetricRegistry metrics;
    private final AtomicLong pausedUntil;

    StreamBudget(StreamingConfiguration configuration, LongSupplier nanoTime, MetricRegistry metrics) {
        this.enabled = configuration.isEnabled();
        this.appendEveryNanos = configuration.getAppendEvery().toNanoseconds();
        this.pauseNanos = configuration.getPauseAfterRefusal().toNanoseconds();
        this.maxQueueWaitMillis = configuration.getMaxQueueWait().toMilliseconds();
        this.maxInFlight = configuration.getMaxInFlight();
        // Never waits: tryAcquire only.
        this.appends = new RequestPacer(configuration.getAppendsPerMinute(), Duration.ofMinutes(1), nanoTime,
                Pauser.SLEEP);
        this.opens = new RequestPacer(configuration.getOpensPerMinute(), Duration.ofMinutes(1), nanoTime,
                Pauser.SLEEP);
        this.nanoTime = nanoTime;
        this.metrics = metrics;
        this.pausedUntil = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Whether an answer that waited {@code queueWaitMillis}, on an instance working on {@code inFlight} events, may
     * stream: streaming is on, not paused, and the instance is keeping up (otherwise it is posted whole, which
     * costs less).
     */
    boolean available(long queueWaitMillis, int inFlight) {
        if (!enabled || nanoTime.getAsLong() - pausedUntil.get() < 0) {
            return false;
        }
        if (queueWaitMillis > maxQueueWaitMillis || inFlight > maxInFlight) {
            metrics.meter("pitcrew.slack.stream.behind").mark();
            return false;
        }
        return true;
    }

    /** Whether an answer whose first words are here may open its stream now; true takes one of the minute's. */
    boolean mayOpen() {
        if (opens.tryAcquire()) {
            return true;
        }
        metrics.meter("pitcrew.slack.stream.over_budget").mark();
        return false;
    }

    /** Whether Slack's refusal {@code error} says this app cannot stream at all (not just into one channel). */
    static boolean meansNoStreaming(String error) {
        return NO_STREAMING.contains(error);
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
