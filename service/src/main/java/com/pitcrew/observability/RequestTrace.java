package com.pitcrew.observability;

import com.codahale.metrics.MetricRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the stages of one request: {@link #startStage}/{@link #endStage} or {@link #stage} in try-with-resources.
 * Each closed stage feeds the Dropwizard timer {@code pitcrew.stage.<name>} and the request's summary. Misuse
 * (a stage ended twice, ended without a start, or never ended) is logged and reported in {@link #problems()},
 * never thrown: a timing mistake must not cost the user their answer.
 *
 * <p>Thread-safe: pool threads working for the request may time their own stages.
 */
public final class RequestTrace {

    /** Prefix of the per-stage timers. */
    public static final String TIMER_PREFIX = "pitcrew.stage.";

    private static final Logger LOG = LoggerFactory.getLogger(RequestTrace.class);

    private final String correlationId;
    private final MetricRegistry metrics;
    private final LongSupplier nanoClock;
    private long startedAt;
    private final Map<String, Long> openStages = new LinkedHashMap<>();
    private final Map<String, Long> stageMillis = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private Long finishedAt;

    public RequestTrace(String correlationId, MetricRegistry metrics, LongSupplier nanoClock) {
        this.correlationId = correlationId;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.startedAt = nanoClock.getAsLong();
    }

    public RequestTrace(String correlationId, MetricRegistry metrics) {
        this(correlationId, metrics, System::nanoTime);
    }

    public String correlationId() {
        return correlationId;
    }

    public synchronized void startStage(String name) {
        if (openStages.containsKey(name)) {
            report("stage '" + name + "' started again before it ended; the first start is kept");
            return;
        }
        if (stageMillis.containsKey(name)) {
            report("stage '" + name + "' started a second time; its times are added up");
        }
        openStages.put(name, nanoClock.getAsLong());
    }

    public synchronized void endStage(String name) {
        Long started = openStages.remove(name);
        if (started == null) {
            report("stage '" + name + "' ended but was not running (ended twice, or never started)");
            return;
        }
        record(name, nanoClock.getAsLong() - started);
    }

    /**
     * Adds a stage timed elsewhere: parts of one stage that ran apart (the control plane's pattern half and its
     * validation), or a stage another thread ran (a speculative handler).
     */
    public synchronized void recordStage(String name, long elapsedNanos) {
        record(name, elapsedNanos);
    }

    /** Time the request spent waiting for a lane, not served: the total leaves it out. */
    public synchronized void excludeWait(long waitedNanos) {
        if (finishedAt == null && waitedNanos > 0) {
            startedAt += waitedNanos;
        }
    }

    /** Starts {@code name}; closing the returned scope ends it. */
    public StageScope stage(String name) {
        startStage(name);
        return () -> endStage(name);
    }

    /**
     * Ends the request: stages still open are closed now and reported. Returns the summary fields
     * {@code correlationId}, {@code totalTimeMs}, {@code stages}. Calling it again returns the same figures.
     */
    public synchronized Map<String, Object> finish() {
        if (finishedAt == null) {
            for (String name : List.copyOf(openStages.keySet())) {
                report("stage '" + name + "' was never ended; closed at the end of the request");
                record(name, nanoClock.getAsLong() - openStages.remove(name));
            }
            finishedAt = nanoClock.getAsLong();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("correlationId", correlationId);
        summary.put("totalTimeMs", TimeUnit.NANOSECONDS.toMillis(finishedAt - startedAt));
        summary.put("stages", stageMillis());
        if (!problems.isEmpty()) {
            summary.put("traceProblems", List.copyOf(problems));
        }
        return summary;
    }

    public synchronized Map<String, Long> stageMillis() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(stageMillis));
    }

    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    private void record(String name, long elapsedNanos) {
        long nanos = Math.max(0, elapsedNanos);
        metrics.timer(TIMER_PREFIX + name).update(nanos, TimeUnit.NANOSECONDS);
        stageMillis.merge(name, TimeUnit.NANOSECONDS.toMillis(nanos), Long::sum);
    }

    private void report(String problem) {
        problems.add(problem);
        metrics.counter("pitcrew.stage.misuse").inc();
        LOG.warn("Stage timing problem: {}", problem);
    }

    /** A running stage; closing it ends the stage and cannot throw. */
    @FunctionalInterface
    public interface StageScope extends AutoCloseable {
        @Override
        void close();
    }
}
