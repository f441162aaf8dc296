package com.pitcrew.retention;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.observability.LogFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes rows older than their table's retention period, in batches: each statement is one bounded
 * {@code DELETE ... LIMIT n} (H2 and MySQL/MariaDB both take it) in its own transaction, so a purge never holds a long
 * lock over a table the request path writes. Inbox rows still pending (due or held by a worker) are never touched.
 * Thread-safe: runs are serialised; several instances purging at once only delete the same rows once.
 */
public final class RetentionPurge {

    static final String LOG_MESSAGE = "Retention purge finished";

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

    /** One purged table: rows whose {@code timeColumn} is older than {@code keep} and that match {@code only}. */
    record Table(String name, String timeColumn, String only, Duration keep) {

        String deleteBatch(int batchSize) {
            // Names and the batch size come from code and validated configuration, never from input.
            return "DELETE FROM " + name + " WHERE " + timeColumn + " < :cutoff"
                    + (only.isEmpty() ? "" : " AND " + only) + " LIMIT " + batchSize;
        }
    }

    /** What one run removed per table (in purge order), and the tables it could not purge. */
    public record Result(Map<String, Long> purged, List<String> failed, Map<String, Instant> cutoffs) {

        public long total() {
            return purged.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Jdbi jdbi;
    private final List<Table> tables;
    private final int batchSize;
    private final int maxBatches;
    private final Clock clock;
    private final MetricRegistry metrics;

    public RetentionPurge(Jdbi jdbi, RetentionConfiguration configuration, Clock clock, MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.tables = tables(configuration);
        this.batchSize = configuration.getBatchSize();
        this.maxBatches = configuration.getMaxBatchesPerRun();
        this.clock = clock;
        this.metrics = metrics;
        // Registered now so each table's counter is on /metrics (at 0) before the first purge.
        tables.forEach(table -> metrics.counter(purgedMetric(table.name())));
        metrics.counter("pitcrew.retention.failed");
    }

    static List<Table> tables(RetentionConfiguration configuration) {
        return List.of(
                new Table("slack_inbox", "received_at", "status IN ('done', 'failed')",
                        configuration.getInbox().toJavaDuration()),
                new Table("interactions", "created_at", "", configuration.getInteractions().toJavaDuration()),
                new Table("interaction_feedback", "created_at", "", configuration.getFeedback().toJavaDuration()),
                new Table("shadow_validations", "created_at", "",
                        configuration.getShadowValidations().toJavaDuration()),
                new Table("production_labels", "created_at", "",
                        configuration.getProductionLabels().toJavaDuration()),
                new Table("thread_context", "updated_at", "", configuration.getThreadContext().toJavaDuration()),
                new Table("assistant_threads", "started_at", "", configuration.getThreadContext().toJavaDuration()));
    }

    static String purgedMetric(String table) {
        return "pitcrew.retention.purged." + table;
    }

    /** Purges every table now. */
    public Result run() {
        return run(() -> false);
    }

    /**
     * Purges every table, checking {@code stopping} between batches so a service stop is not held up; a table that
     * fails (the database) is logged and counted, and the others are still purged.
     */
    synchronized Result run(BooleanSupplier stopping) {
        long started = clock.millis();
        Map<String, Long> purged = new LinkedHashMap<>();
        Map<String, Instant> cutoffs = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Table table : tables) {
            long cutoff = started - table.keep().toMillis();
            cutoffs.put(table.name(), Instant.ofEpochMilli(cutoff));
            long removed = 0;
            try {
                String sql = table.deleteBatch(batchSize);
                for (int batch = 0; batch < maxBatches && !stopping.getAsBoolean(); batch++) {
                    int deleted = jdbi.withHandle(handle -> handle.createUpdate(sql).bind("cutoff", cutoff).execute());
                    removed += deleted;
                    metrics.counter(purgedMetric(table.name())).inc(deleted);
                    if (deleted < batchSize) {
                        break;
                    }
                }
            } catch (JdbiException e) {
                failed.add(table.name());
                metrics.counter("pitcrew.retention.failed").inc();
                LOG.warn("Retention purge of {} failed; the next run tries again", table.name(), e);
            }
            purged.put(table.name(), removed);
        }
        Map<String, Object> fields = new LinkedHashMap<>(purged);
        fields.put("failed", failed.size());
        fields.put("ms", clock.millis() - started);
        LOG.info(LOG_MESSAGE, LogFields.of(fields));
        return new Result(Collections.unmodifiableMap(purged), List.copyOf(failed),
                Collections.unmodifiableMap(cutoffs));
    }
}
