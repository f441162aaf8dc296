package com.pitcrew.knowledge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * All SQL of product knowledge. Writes to the product tables compare with what is stored first and touch only rows
 * that differ, so re-applying the same records changes nothing. Thread-safe: it holds no state besides the Jdbi.
 */
final class KnowledgeStore {

    /** Snapshot versions kept besides the current one (older ones only serve to look back). */
    static final int SNAPSHOTS_KEPT = 20;

    private static final String SNAPSHOT_COLUMNS = "version, content, content_hash, plans_count, features_count, "
            + "integrations_count, compliance_count, faqs_count, built_at, build_ms";

    private final Jdbi jdbi;
    private final ReentrantLock tableWrites = new ReentrantLock();

    KnowledgeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Held by a full sync and by a webhook catch-up from their first read to their commit: one that read the base
     * earlier must never commit after one that read it later, or older records overwrite newer ones. Per store, so
     * a process keeps one store per database ({@link ProductKnowledge} does).
     */
    ReentrantLock tableWrites() {
        return tableWrites;
    }

    /** The slow path's reads: one query per product table. */
    Map<ProductTable, List<ProductRecord>> loadAll() {
        return jdbi.withHandle(handle -> {
            Map<ProductTable, List<ProductRecord>> all = new EnumMap<>(ProductTable.class);
            for (ProductTable table : ProductTable.values()) {
                all.put(table, List.copyOf(load(handle, table, Optional.empty()).values()));
            }
            return all;
        });
    }

    int productRecordCount() {
        return jdbi.withHandle(handle -> {
            int total = 0;
            for (ProductTable table : ProductTable.values()) {
                total += handle.createQuery("SELECT COUNT(*) FROM " + table.sqlTable()).mapTo(Integer.class).one();
            }
            return total;
        });
    }

    /**
     * Makes the given tables hold exactly these records (a full sync), in one transaction: inserts new records,
     * updates changed ones, deletes the ones that are gone. Tables not in the map are left alone.
     */
    ChangeCounts replaceTables(Map<ProductTable, List<ProductRecord>> tables) {
        return jdbi.inTransaction(handle -> {
            ChangeCounts counts = ChangeCounts.NONE;
            for (Map.Entry<ProductTable, List<ProductRecord>> entry : tables.entrySet()) {
                Map<String, ProductRecord> stored = load(handle, entry.getKey(), Optional.empty());
                Set<String> wanted = entry.getValue().stream().map(ProductRecord::id).collect(Collectors.toSet());
                Set<String> gone = new HashSet<>(stored.keySet());
                gone.removeAll(wanted);
                counts = counts.plus(upsert(handle, entry.getKey(), entry.getValue(), stored))
                        .plus(delete(handle, entry.getKey(), gone));
            }
            return counts;
        });
    }

    /**
     * Applies webhook changes and moves the cursor from {@code fromCursor} to {@code toCursor} in one transaction,
     * so a failure leaves both the records and the cursor as they were. Empty when the stored cursor is no longer
     * {@code fromCursor} (another run applied these payloads first): nothing is written then.
     */
    Optional<ChangeCounts> applyWebhookChanges(WebhookChanges changes, String webhookId, long fromCursor,
                                               long toCursor, long now) {
        return jdbi.inTransaction(handle -> {
            Optional<Long> stored = cursor(handle, webhookId);
            if (stored.orElse(WebhookChanges.FIRST_CURSOR) != fromCursor) {
                return Optional.empty();
            }
            ChangeCounts counts = ChangeCounts.NONE;
            for (ProductTable table : ProductTable.values()) {
                List<ProductRecord> upserts = changes.upserts().getOrDefault(table, List.of());
                Set<String> deletions = changes.deletions().getOrDefault(table, Set.of());
                if (!upserts.isEmpty()) {
                    Set<String> ids = upserts.stream().map(ProductRecord::id).collect(Collectors.toSet());
                    counts = counts.plus(upsert(handle, table, upserts, load(handle, table, Optional.of(ids))));
                }
                counts = counts.plus(delete(handle, table, deletions));
            }
            handle.createUpdate("INSERT INTO airtable_webhook_state (webhook_id, payload_cursor, updated_at) "
                            + "VALUES (:id, :cursor, :now) ON DUPLICATE KEY UPDATE "
                            + "payload_cursor = VALUES(payload_cursor), updated_at = VALUES(updated_at)")
                    .bind("id", webhookId).bind("cursor", toCursor).bind("now", now).execute();
            return Optional.of(counts);
        });
    }

    /** The next payload cursor to read for this webhook; Airtable's cursors start at 1. */
    long webhookCursor(String webhookId) {
        return jdbi.withHandle(handle -> cursor(handle, webhookId)).orElse(WebhookChanges.FIRST_CURSOR);
    }

    Optional<Long> webhookExpiresAt(String webhookId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT expires_at FROM airtable_webhook_state WHERE webhook_id = :id")
                .bind("id", webhookId).mapTo(Long.class).findFirst());
    }

    void saveWebhookExpiry(String webhookId, long expiresAt, long now) {
        // One statement, so two instances refreshing at once both succeed instead of one failing on the key.
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO airtable_webhook_state (webhook_id, payload_cursor, "
                        + "expires_at, refreshed_at, updated_at) VALUES (:id, :cursor, :expires, :now, :now) "
                        + "ON DUPLICATE KEY UPDATE expires_at = VALUES(expires_at), refreshed_at = VALUES(refreshed_at), "
                        + "updated_at = VALUES(updated_at)")
                .bind("id", webhookId).bind("cursor", WebhookChanges.FIRST_CURSOR)
                .bind("expires", expiresAt).bind("now", now).execute());
    }

    /** The cheap check behind the snapshot cache: the current version number, without the content. */
    Optional<Long> latestSnapshotVersion() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT version FROM product_snapshots ORDER BY version DESC LIMIT 1")
                .mapTo(Long.class).findFirst());
    }

    Optional<ProductSnapshot> latestSnapshot() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + SNAPSHOT_COLUMNS
                        + " FROM product_snapshots ORDER BY version DESC LIMIT 1")
                .map((rs, ctx) -> snapshot(rs)).findFirst());
    }

    /** The current snapshot after {@link #insertSnapshotIfChanged}, and whether that call wrote it. */
    record SnapshotWrite(ProductSnapshot snapshot, boolean written) {
    }

    /**
     * Stores a rendered snapshot as the next version unless the current one has the same hash. Another instance
     * inserting the same version first makes this fail on the primary key.
     */
    SnapshotWrite insertSnapshotIfChanged(RenderedSnapshot rendered, long builtAt, long buildMs) {
        return jdbi.inTransaction(handle -> {
            Optional<ProductSnapshot> latest = handle.createQuery("SELECT " + SNAPSHOT_COLUMNS
                            + " FROM product_snapshots ORDER BY version DESC LIMIT 1")
                    .map((rs, ctx) -> snapshot(rs)).findFirst();
            if (latest.isPresent() && latest.get().contentHash().equals(rendered.contentHash())) {
                return new SnapshotWrite(latest.get(), false);
            }
            long version = latest.map(ProductSnapshot::version).orElse(0L) + 1;
            handle.createUpdate("INSERT INTO product_snapshots (" + SNAPSHOT_COLUMNS + ") VALUES (:version, "
                            + ":content, :hash, :plans, :features, :integrations, :compliance, :faqs, :builtAt, "
                            + ":buildMs)")
                    .bind("version", version)
                    .bind("content", rendered.content())
                    .bind("hash", rendered.contentHash())
                    .bind("plans", rendered.count(ProductTable.PLANS))
                    .bind("features", rendered.count(ProductTable.FEATURES))
                    .bind("integrations", rendered.count(ProductTable.INTEGRATIONS))
                    .bind("compliance", rendered.count(ProductTable.COMPLIANCE))
                    .bind("faqs", rendered.count(ProductTable.FAQS))
                    .bind("builtAt", builtAt)
                    .bind("buildMs", buildMs)
                    .execute();
            handle.createUpdate("DELETE FROM product_snapshots WHERE version <= :oldest")
                    .bind("oldest", version - SNAPSHOTS_KEPT - 1).execute();
            return new SnapshotWrite(new ProductSnapshot(version, rendered.content(), rendered.contentHash(),
                    rendered.counts(), builtAt, buildMs), true);
        });
    }

    int snapshotCount() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM product_snapshots")
                .mapTo(Integer.class).one());
    }

    private static Optional<Long> cursor(Handle handle, String webhookId) {
        return handle.createQuery("SELECT payload_cursor FROM airtable_webhook_state WHERE webhook_id = :id")
                .bind("id", webhookId).mapTo(Long.class).findFirst();
    }

    private static Map<String, ProductRecord> load(Handle handle, ProductTable table, Optional<Set<String>> ids) {
        if (ids.isPresent() && ids.get().isEmpty()) {
            return Map.of();
        }
        String columns = table.columns().stream().map(Column::sql).collect(Collectors.joining(", "));
        String sql = "SELECT record_id, created_at, " + columns + " FROM " + table.sqlTable()
                + (ids.isPresent() ? " WHERE record_id IN (<ids>)" : "");
        var query = handle.createQuery(sql);
        ids.ifPresent(wanted -> query.bindList("ids", new ArrayList<>(wanted)));
        Map<String, ProductRecord> records = new HashMap<>();
        query.map((rs, ctx) -> record(rs, table)).forEach(record -> records.put(record.id(), record));
        return records;
    }

    private static ProductRecord record(ResultSet rs, ProductTable table) throws SQLException {
        Map<String, String> values = new HashMap<>();
        for (Column column : table.columns()) {
            column.fromDatabase(rs.getString(column.sql())).ifPresent(value -> values.put(column.sql(), value));
        }
        return new ProductRecord(table, rs.getString("record_id"), rs.getLong("created_at"), values);
    }

    private static ChangeCounts upsert(Handle handle, ProductTable table, Collection<ProductRecord> records,
                                       Map<String, ProductRecord> stored) {
        List<ProductRecord> inserts = new ArrayList<>();
        List<ProductRecord> updates = new ArrayList<>();
        int unchanged = 0;
        for (ProductRecord record : records) {
            ProductRecord existing = stored.get(record.id());
            if (existing == null) {
                inserts.add(record);
            } else if (existing.equals(record)) {
                unchanged++;
            } else {
                updates.add(record);
            }
        }
        String columns = table.columns().stream().map(Column::sql).collect(Collectors.joining(", "));
        String values = table.columns().stream().map(column -> ":" + column.sql()).collect(Collectors.joining(", "));
        String assignments = table.columns().stream().map(column -> column.sql() + " = :" + column.sql())
                .collect(Collectors.joining(", "));
        // A record another writer inserted since the read is updated, not a duplicate key that fails the sync.
        String refresh = table.columns().stream().map(column -> column.sql() + " = VALUES(" + column.sql() + ")")
                .collect(Collectors.joining(", "));
        execute(handle.prepareBatch("INSERT INTO " + table.sqlTable() + " (record_id, created_at, " + columns
                + ") VALUES (:record_id, :created_at, " + values + ") ON DUPLICATE KEY UPDATE "
                + "created_at = VALUES(created_at), " + refresh), table, inserts);
        execute(handle.prepareBatch("UPDATE " + table.sqlTable() + " SET created_at = :created_at, " + assignments
                + " WHERE record_id = :record_id"), table, updates);
        return new ChangeCounts(inserts.size(), updates.size(), 0, unchanged);
    }

    private static void execute(PreparedBatch batch, ProductTable table, List<ProductRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        for (ProductRecord record : records) {
            bind(batch, table, record).add();
        }
        batch.execute();
    }

    private static <S extends SqlStatement<S>> S bind(S statement, ProductTable table, ProductRecord record) {
        statement.bind("record_id", record.id()).bind("created_at", record.createdAt());
        for (Column column : table.columns()) {
            statement.bindByType(column.sql(), column.toJdbc(record.value(column.sql())), column.type().javaType());
        }
        return statement;
    }

    private static ChangeCounts delete(Handle handle, ProductTable table, Set<String> ids) {
        if (ids.isEmpty()) {
            return ChangeCounts.NONE;
        }
        int deleted = handle.createUpdate("DELETE FROM " + table.sqlTable() + " WHERE record_id IN (<ids>)")
                .bindList("ids", new ArrayList<>(ids)).execute();
        return new ChangeCounts(0, 0, deleted, 0);
    }

    private static ProductSnapshot snapshot(ResultSet rs) throws SQLException {
        Map<ProductTable, Integer> counts = new EnumMap<>(ProductTable.class);
        counts.put(ProductTable.PLANS, rs.getInt("plans_count"));
        counts.put(ProductTable.FEATURES, rs.getInt("features_count"));
        counts.put(ProductTable.INTEGRATIONS, rs.getInt("integrations_count"));
        counts.put(ProductTable.COMPLIANCE, rs.getInt("compliance_count"));
        counts.put(ProductTable.FAQS, rs.getInt("faqs_count"));
        return new ProductSnapshot(rs.getLong("version"), rs.getString("content"), rs.getString("content_hash"),
                counts, rs.getLong("built_at"), rs.getLong("build_ms"));
    }
}
