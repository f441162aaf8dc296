package com.pitcrew.gong;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code gong_sync_state} table (migration V11): one row holding the start time every call up to which is
 * synced, the next incremental run's {@code fromDateTime} (less the overlap). The mark only moves forward, so two
 * instances syncing at once cannot move it back. Thread-safe: every call uses its own handle.
 */
final class GongSyncState {

    private static final int ROW = 1;

    private final Jdbi jdbi;

    GongSyncState(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<Instant> syncedThrough() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT synced_through FROM gong_sync_state WHERE id = :id")
                .bind("id", ROW).mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }

    /** Moves the mark to {@code through} unless it is already there or beyond. */
    void advance(Instant through, Instant now) {
        long mark = through.toEpochMilli();
        int updated = jdbi.withHandle(handle -> handle.createUpdate("UPDATE gong_sync_state SET synced_through = "
                        + ":mark, updated_at = :now WHERE id = :id AND synced_through < :mark")
                .bind("mark", mark).bind("now", now.toEpochMilli()).bind("id", ROW).execute());
        if (updated > 0 || syncedThrough().isPresent()) {
            return;
        }
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO gong_sync_state (id, synced_through, updated_at) "
                    + "VALUES (:id, :mark, :now)").bind("id", ROW).bind("mark", mark).bind("now", now.toEpochMilli())
                    .execute());
        } catch (RuntimeException e) {
            // Another instance inserted the row first: move its mark instead, if ours is further.
            if (syncedThrough().isEmpty()) {
                throw e;
            }
            advance(through, now);
        }
    }
}
