package com.pitcrew.knowledge;

import com.pitcrew.observability.LogFields;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full sync: reads all five tables from a source, makes the product tables match in one transaction (deleting
 * records that disappeared), then rebuilds the snapshot. Thread-safe: syncs and webhook catch-ups are serialised on
 * {@link KnowledgeStore#tableWrites()}, so a catch-up that arrives during a sync's read applies after its commit.
 */
final class ProductSync {

    private static final Logger LOG = LoggerFactory.getLogger(ProductSync.class);

    /** What a sync did, for logs, the admin task and the command. */
    record Report(String source, Map<ProductTable, Integer> records, ChangeCounts changes, long snapshotVersion,
                  boolean snapshotWritten, long tookMs) {

        Report {
            records = Map.copyOf(records);
        }

        String summary() {
            StringBuilder text = new StringBuilder("synced from ").append(source).append(": ");
            for (ProductTable table : ProductTable.values()) {
                text.append(table.airtableName()).append(' ').append(records.getOrDefault(table, 0)).append(", ");
            }
            return text.append("inserted ").append(changes.inserted())
                    .append(", updated ").append(changes.updated())
                    .append(", deleted ").append(changes.deleted())
                    .append(", unchanged ").append(changes.unchanged())
                    .append("; snapshot v").append(snapshotVersion)
                    .append(snapshotWritten ? " (new)" : " (unchanged)")
                    .append("; ").append(tookMs).append(" ms").toString();
        }
    }

    private final KnowledgeStore store;
    private final ProductSnapshots snapshots;
    private final SyncStatus status;
    private final Clock clock;
    private final LongSupplier nanoTime;

    ProductSync(KnowledgeStore store, ProductSnapshots snapshots, SyncStatus status, Clock clock,
                LongSupplier nanoTime) {
        this.store = store;
        this.snapshots = snapshots;
        this.status = status;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    Report fullSync(ProductSource source) {
        store.tableWrites().lock();
        try {
            return syncLocked(source);
        } finally {
            store.tableWrites().unlock();
        }
    }

    private Report syncLocked(ProductSource source) {
        long started = nanoTime.getAsLong();
        LOG.info("Product sync started", LogFields.of("source", source.describe()));
        Map<ProductTable, List<ProductRecord>> tables = new EnumMap<>(ProductTable.class);
        Map<ProductTable, Integer> counts = new EnumMap<>(ProductTable.class);
        for (ProductTable table : ProductTable.values()) {
            List<ProductRecord> records = new ArrayList<>();
            int skipped = 0;
            for (AirtableRecord raw : source.records(table, soFar -> LOG.info("Product sync progress",
                    LogFields.of("table", table.airtableName(), "recordsRead", soFar)))) {
                var record = raw.toProduct(table);
                if (record.isPresent()) {
                    records.add(record.get());
                } else {
                    skipped++;
                }
            }
            if (skipped > 0) {
                LOG.warn("Product sync skipped records without a {}", table.titleColumn().airtableField(),
                        LogFields.of("table", table.airtableName(), "skipped", skipped));
            }
            tables.put(table, records);
            counts.put(table, records.size());
        }
        ChangeCounts changes = store.replaceTables(tables);
        ProductSnapshots.RebuildResult rebuilt = snapshots.rebuild();
        status.markSynced(clock.instant());
        Report report = new Report(source.describe(), counts, changes, rebuilt.snapshot().version(),
                rebuilt.written(), TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - started));
        LOG.info("Product sync finished: {}", report.summary());
        return report;
    }
}
