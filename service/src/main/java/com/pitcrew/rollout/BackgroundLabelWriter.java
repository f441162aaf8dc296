package com.pitcrew.rollout;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.Threads;
import com.pitcrew.intent.LabelSink;
import com.pitcrew.intent.ProductionLabel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores production labels on one background thread behind a bounded queue, so the request never waits for (or
 * fails with) the database: a full queue drops the label ({@code pitcrew.rollout.labels.dropped}) and a failed
 * insert is counted ({@code pitcrew.rollout.labels.write_failed}). A label is stamped when handed over, not when
 * written. The lifecycle that owns its thread writes what is queued (up to 5 s) at stop. Thread-safe.
 */
public final class BackgroundLabelWriter implements LabelSink {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLabelWriter.class);

    private final ObjLongConsumer<ProductionLabel> insert;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final ThreadPoolExecutor pool;

    public BackgroundLabelWriter(ProductionLabelStore store, int queueSize, Threads threads, Clock clock,
                                 MetricRegistry metrics) {
        this(store::insert, queueSize, threads, clock, metrics);
    }

    /** {@code insert} stores one label with its time; tests hold it to fill the queue. */
    BackgroundLabelWriter(ObjLongConsumer<ProductionLabel> insert, int queueSize, Threads threads, Clock clock,
                          MetricRegistry metrics) {
        this.insert = insert;
        this.clock = clock;
        this.metrics = metrics;
        this.pool = threads.pool("production-labels", 1, new ArrayBlockingQueue<>(queueSize), Duration.ofSeconds(5));
    }

    @Override
    public void record(ProductionLabel label) {
        long createdAt = clock.millis();
        try {
            pool.execute(() -> write(label, createdAt));
        } catch (RejectedExecutionException e) {
            metrics.counter("pitcrew.rollout.labels.dropped").inc();
        }
    }

    private void write(ProductionLabel label, long createdAt) {
        try {
            insert.accept(label, createdAt);
            metrics.meter("pitcrew.rollout.labels.written").mark();
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.rollout.labels.write_failed").inc();
            LOG.warn("Could not store a production label for rule {}", label.pattern().ruleId(), e);
        }
    }}
