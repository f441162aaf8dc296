package com.pitcrew.rollout;

import static com.pitcrew.rollout.ProductionLabelStoreTest.label;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.LocalLifecycle;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.ProductionLabel;
import com.pitcrew.storage.MigratedDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class BackgroundLabelWriterTest {

    private final MetricRegistry metrics = new MetricRegistry();
    /** Owns the writer's thread; closing it writes what is queued, as the server's lifecycle does at stop. */
    private final LocalLifecycle lifecycle = new LocalLifecycle(metrics);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private final ProductionLabel label = label("search calls about pricing", "r1", 0.95, Intent.SEARCH_CALLS,
            Intent.SEARCH_CALLS, ProductionLabel.Source.VALIDATED);

    private static long rows(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM production_labels")
                .mapTo(Long.class).one());
    }

    @Test
    void labelsAreWrittenInTheBackgroundStampedWhenHandedOver() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            BackgroundLabelWriter writer = new BackgroundLabelWriter(new ProductionLabelStore(database.jdbi()), 10,
                    lifecycle.threads(), clock, metrics);
            writer.record(label);
            lifecycle.close();
            assertThat(rows(database.jdbi())).isEqualTo(1);
            long createdAt = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT created_at FROM production_labels").mapTo(Long.class).one());
            assertThat(createdAt).isEqualTo(clock.millis());
            assertThat(metrics.meter("pitcrew.rollout.labels.written").getCount()).isEqualTo(1);
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BackgroundLabelWriter writer = new BackgroundLabelWriter((stored, at) -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 1, lifecycle.threads(), clock, metrics);
        writer.record(label);
        assertThat(writing.await(10, TimeUnit.SECONDS)).as("the writer thread holds the first label").isTrue();
        writer.record(label);
        writer.record(label);
        assertThat(metrics.counter("pitcrew.rollout.labels.dropped").getCount()).isEqualTo(1);
        release.countDown();
        lifecycle.close();
        assertThat(metrics.meter("pitcrew.rollout.labels.written").getCount()).isEqualTo(2);
    }

    @Test
    void aDatabaseFailureIsCountedNotThrown() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            database.jdbi().useHandle(handle -> handle.execute("DROP TABLE production_labels"));
            BackgroundLabelWriter writer = new BackgroundLabelWriter(new ProductionLabelStore(database.jdbi()), 10,
                    lifecycle.threads(), clock, metrics);
            writer.record(label);
            lifecycle.close();
            assertThat(metrics.counter("pitcrew.rollout.labels.write_failed").getCount()).isEqualTo(1);
        }
    }
}
