package com.pitcrew.knowledge;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.observability.LogFields;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the product tables up to date from a webhook's payloads: reads every payload after the stored cursor
 * (following {@code mightHaveMore}), re-reads the records they name, and writes the records and the new cursor in
 * one transaction, then rebuilds the snapshot.
 *
 * <p>Airtable payloads carry only the changed cells, keyed by field id; re-reading the named records gives whole
 * records in the same shape as a full sync, so a record's current state always wins and applying the same payloads
 * twice writes nothing. A failure before the commit (a crash between fetch and apply included) leaves records and
 * cursor as they were, and the next ping reads the same payloads again.
 *
 * <p>Thread-safe: catch-ups and full syncs are serialised on {@link KnowledgeStore#tableWrites()} (a sync's older
 * read never commits over a catch-up's newer one); pings arriving during one are folded into a single follow-up.
 */
final class WebhookProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookProcessor.class);
    /** Bounds one catch-up; a base with even more pending payloads continues on the next ping. */
    private static final int MAX_PAGES = 200;
    /** Records re-read per request: keeps the filter formula well inside URL limits. */
    private static final int IDS_PER_REQUEST = 50;
    private static final Pattern RECORD_ID = Pattern.compile("rec[A-Za-z0-9]{1,30}");

    /** Payloads read but not yet applied: the changes and the cursor range they cover. */
    record Pending(long fromCursor, long toCursor, int payloadCount, WebhookChanges changes) {
    }

    /** What one catch-up did; {@code changes} is empty when another run had applied the payloads first. */
    record CatchUp(int payloadCount, long cursor, Optional<ChangeCounts> changes, boolean snapshotWritten) {
    }

    private final AirtableClient client;
    private final KnowledgeStore store;
    private final ProductSnapshots snapshots;
    private final SyncStatus status;
    private final String webhookId;
    private final Clock clock;
    private final Executor background;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Counter failures;
    private volatile Map<String, ProductTable> tablesById = Map.of();

    WebhookProcessor(AirtableClient client, KnowledgeStore store, ProductSnapshots snapshots, SyncStatus status,
                     String webhookId, Clock clock, Executor background, MetricRegistry metrics) {
        this.client = client;
        this.store = store;
        this.snapshots = snapshots;
        this.status = status;
        this.webhookId = webhookId;
        this.clock = clock;
        this.background = background;
        this.failures = metrics.counter("pitcrew.knowledge.webhook.catchup.failed");
    }

    /** Queues a catch-up on the background executor unless one is already waiting to start. */
    void requestCatchUp() {
        if (!queued.compareAndSet(false, true)) {
            LOG.info("Airtable catch-up already queued; this ping is folded into it");
            return;
        }
        background.execute(() -> {
            queued.set(false);
            try {
                catchUp();
            } catch (RuntimeException e) {
                failures.inc();
                LOG.error("Airtable webhook catch-up failed; the cursor stays and the next ping retries", e);
            }
        });
    }

    /** Reads and applies everything pending, then rebuilds the snapshot if the tables changed. */
    CatchUp catchUp() {
        store.tableWrites().lock();
        try {
            return catchUpLocked();
        } finally {
            store.tableWrites().unlock();
        }
    }

    private CatchUp catchUpLocked() {
        Pending pending = fetchPending();
        Optional<ChangeCounts> changes = apply(pending);
        boolean rebuilt = changes.map(ChangeCounts::changedAnything).orElse(false)
                && snapshots.rebuild().written();
        status.markSynced(clock.instant());
        LOG.info("Airtable webhook payloads applied", LogFields.of(Map.of("payloads", pending.payloadCount(),
                "cursor", pending.toCursor(), "changes", changes.map(String::valueOf).orElse("already applied"),
                "snapshotWritten", rebuilt)));
        return new CatchUp(pending.payloadCount(), pending.toCursor(), changes, rebuilt);
    }

    /** Reads the payloads after the stored cursor and the current state of every record they name. No writes. */
    Pending fetchPending() {
        long from = store.webhookCursor(webhookId);
        long cursor = from;
        Map<String, Set<String>> idsByTable = new LinkedHashMap<>();
        int payloadCount = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            AirtableClient.PayloadPage payloads = client.payloads(webhookId, cursor);
            for (JsonNode payload : payloads.payloads()) {
                collectRecordIds(payload, idsByTable);
                payloadCount++;
            }
            cursor = payloads.cursor();
            if (!payloads.mightHaveMore()) {
                break;
            }
        }
        return new Pending(from, cursor, payloadCount, readCurrentState(idsByTable));
    }

    /** Writes the changes and moves the cursor, all or nothing. Empty when the cursor had already moved on. */
    Optional<ChangeCounts> apply(Pending pending) {
        if (pending.toCursor() == pending.fromCursor() && pending.changes().isEmpty()) {
            return Optional.of(ChangeCounts.NONE);
        }
        return store.applyWebhookChanges(pending.changes(), webhookId, pending.fromCursor(), pending.toCursor(),
                clock.millis());
    }

    private static void collectRecordIds(JsonNode payload, Map<String, Set<String>> idsByTable) {
        for (Map.Entry<String, JsonNode> table : payload.path("changedTablesById").properties()) {
            Set<String> ids = idsByTable.computeIfAbsent(table.getKey(), key -> new LinkedHashSet<>());
            table.getValue().path("createdRecordsById").fieldNames().forEachRemaining(ids::add);
            table.getValue().path("changedRecordsById").fieldNames().forEachRemaining(ids::add);
            table.getValue().path("destroyedRecordIds").forEach(id -> ids.add(id.asText()));
        }
    }

    /** Named records that still exist become upserts; the ones Airtable no longer has become deletions. */
    private WebhookChanges readCurrentState(Map<String, Set<String>> idsByTable) {
        Map<ProductTable, List<ProductRecord>> upserts = new EnumMap<>(ProductTable.class);
        Map<ProductTable, Set<String>> deletions = new EnumMap<>(ProductTable.class);
        for (Map.Entry<String, Set<String>> entry : idsByTable.entrySet()) {
            Optional<ProductTable> table = productTable(entry.getKey());
            if (table.isEmpty()) {
                LOG.info("Airtable payload for a table outside the product knowledge ignored",
                        LogFields.of("tableId", entry.getKey()));
                continue;
            }
            List<String> ids = entry.getValue().stream().filter(id -> RECORD_ID.matcher(id).matches()).toList();
            List<ProductRecord> current = new ArrayList<>();
            for (int start = 0; start < ids.size(); start += IDS_PER_REQUEST) {
                List<String> chunk = ids.subList(start, Math.min(ids.size(), start + IDS_PER_REQUEST));
                String formula = chunk.stream().map(id -> "RECORD_ID()='" + id + "'")
                        .collect(Collectors.joining(",", "OR(", ")"));
                client.listRecords(entry.getKey(), Optional.of(formula), count -> { })
                        .forEach(record -> record.toProduct(table.get()).ifPresent(current::add));
            }
            Set<String> gone = new HashSet<>(ids);
            current.forEach(record -> gone.remove(record.id()));
            upserts.put(table.get(), current);
            deletions.put(table.get(), gone);
        }
        return new WebhookChanges(upserts, deletions);
    }

    private Optional<ProductTable> productTable(String tableId) {
        ProductTable known = tablesById.get(tableId);
        if (known == null) {
            // A table id not seen yet (first payload, or a table renamed): ask Airtable for the names once.
            Map<String, ProductTable> fresh = new LinkedHashMap<>();
            client.tableNamesById().forEach((id, name) ->
                    ProductTable.fromAirtableName(name).ifPresent(table -> fresh.put(id, table)));
            tablesById = Map.copyOf(fresh);
            known = fresh.get(tableId);
        }
        return Optional.ofNullable(known);
    }
}
