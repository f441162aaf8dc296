package com.pitcrew.knowledge;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When this instance last finished reading the product base from its source (full sync or webhook catch-up), with
 * or without changes. The health check calls a snapshot stale from this, not from the snapshot's age: an
 * unchanged base writes no new snapshot. Thread-safe.
 */
final class SyncStatus {

    private final AtomicLong lastSyncedAt = new AtomicLong(-1);

    void markSynced(Instant at) {
        lastSyncedAt.accumulateAndGet(at.toEpochMilli(), Math::max);
    }

    Optional<Instant> lastSyncedAt() {
        long millis = lastSyncedAt.get();
        return millis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
