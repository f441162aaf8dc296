package com.pitcrew.knowledge;

import com.codahale.metrics.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code product-snapshot}: unhealthy when no snapshot exists, or (with Airtable) when nothing was synced from it
 * for longer than the configured age. The shipped sample cannot go stale. Thread-safe.
 */
final class ProductSnapshotHealthCheck extends HealthCheck {

    static final String NAME = "product-snapshot";

    private final ProductSnapshots snapshots;
    private final SyncStatus status;
    private final Optional<Duration> maxAge;
    private final Clock clock;

    /** {@code maxAge} empty: the source is the shipped sample, so age means nothing. */
    ProductSnapshotHealthCheck(ProductSnapshots snapshots, SyncStatus status, Optional<Duration> maxAge, Clock clock) {
        this.snapshots = snapshots;
        this.status = status;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        Optional<ProductSnapshot> latest = snapshots.latest();
        if (latest.isEmpty()) {
            return Result.unhealthy("no product snapshot yet: product questions take the slow path");
        }
        ProductSnapshot snapshot = latest.get();
        String describe = "version " + snapshot.version() + ", " + snapshot.recordCount() + " records, built "
                + Instant.ofEpochMilli(snapshot.builtAt());
        if (maxAge.isEmpty()) {
            return Result.healthy(describe + " from the shipped sample base");
        }
        Instant freshAt = status.lastSyncedAt()
                .filter(synced -> synced.toEpochMilli() > snapshot.builtAt())
                .orElse(Instant.ofEpochMilli(snapshot.builtAt()));
        Duration age = Duration.between(freshAt, clock.instant());
        if (age.compareTo(maxAge.get()) > 0) {
            return Result.unhealthy("stale: " + describe + "; last synced from Airtable " + age.toMinutes()
                    + " min ago (AIRTABLE_SNAPSHOT_MAX_AGE " + maxAge.get().toMinutes() + " min)");
        }
        return Result.healthy(describe + "; last synced " + freshAt);
    }
}
