package com.pitcrew.execution;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the calls in flight to one dependency (the LLM, the Slack Web API) instead of bounding the threads that
 * make them. The user path waits for a permit up to a deadline; background work (shadow validations) takes one
 * only when a quarter of the permits stays free for the user path, and never waits, so it is dropped under
 * pressure rather than queued ahead of an answer. Metrics: {@code pitcrew.bulkhead.<name>.in_use} and
 * {@code .limit} (gauges), {@code .rejected.user} / {@code .rejected.background} (meters). Thread-safe.
 */
public final class Bulkhead {

    private final int limit;
    private final int userReserve;
    private final Semaphore permits;
    private final String prefix;
    private final MetricRegistry metrics;

    public Bulkhead(String name, int limit, MetricRegistry metrics) {
        if (limit < 1) {
            throw new IllegalArgumentException("a bulkhead needs at least one permit");
        }
        this.limit = limit;
        this.userReserve = Math.max(1, limit / 4);
        this.permits = new Semaphore(limit, true);
        this.prefix = "pitcrew.bulkhead." + name;
        this.metrics = metrics;
        metrics.gauge(prefix + ".in_use", () -> (Gauge<Integer>) this::inUse);
        metrics.gauge(prefix + ".limit", () -> (Gauge<Integer>) () -> limit);
    }

    /** A held permit; closing it releases it once. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** The user path: a permit within {@code maxWait}, or empty (counted) when the dependency stays saturated. */
    public Optional<Permit> acquire(Duration maxWait) {
        try {
            if (permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(permit());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.meter(prefix + ".rejected.user").mark();
        return Optional.empty();
    }

    /** Background work: a permit only if one is free now and the user path keeps its reserve; never waits. */
    public Optional<Permit> tryAcquireBackground() {
        if (permits.availablePermits() > userReserve && permits.tryAcquire()) {
            return Optional.of(permit());
        }
        metrics.meter(prefix + ".rejected.background").mark();
        return Optional.empty();
    }

    public int inUse() {
        return limit - permits.availablePermits();
    }

    public int limit() {
        return limit;
    }

    private Permit permit() {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        };
    }
}
