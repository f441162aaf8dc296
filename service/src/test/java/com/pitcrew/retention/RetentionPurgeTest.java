package com.pitcrew.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.observability.LogCapture;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.MutableClock;
import io.dropwizard.util.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The purge on H2 and, when configured, MySQL/MariaDB, with a clock the test moves. */
class RetentionPurgeTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final long DAY = 24L * 3600 * 1000;

    private final MutableClock clock = new MutableClock(NOW);
    private final MetricRegistry metrics = new MetricRegistry();

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    private static long daysAgo(double days) {
        return NOW.toEpochMilli() - (long) (days * DAY);
    }

    private static RetentionConfiguration defaults() {
        return new RetentionConfiguration();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rowsOlderThanTheirPeriodGoAndNewerOnesStay(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(handle -> {
                // Inbox: 30 days by default; only answered or failed rows may go.
                inbox(handle, "EvOLDDONE", "done", daysAgo(31));
                inbox(handle, "EvOLDFAILED", "failed", daysAgo(45));
                inbox(handle, "EvNEWDONE", "done", daysAgo(29));
                inbox(handle, "EvOLDPENDING", "pending", daysAgo(60));
                inbox(handle, "EvOLDINFLIGHT", "pending", daysAgo(60));
                handle.execute("UPDATE slack_inbox SET locked_by = 'worker-1', locked_until = ? "
                        + "WHERE event_id = 'EvOLDINFLIGHT'", NOW.toEpochMilli() + 60_000);
                // The four tables kept 90 days by default.
                for (long at : List.of(daysAgo(91), daysAgo(120), daysAgo(89), daysAgo(1))) {
                    interaction(handle, at);
                    feedback(handle, at);
                    shadow(handle, at);
                    label(handle, at);
                }
                // Thread memory: 7 days by default.
                for (long at : List.of(daysAgo(8), daysAgo(6))) {
                    handle.execute("INSERT INTO thread_context (channel_id, thread_ts, intent, accounts, people, "
                            + "topic, question, updated_at) VALUES ('C1', ?, 'meeting_question', '[]', '[]', "
                            + "'pricing', 'what did Acme say about pricing?', ?)", Long.toString(at), at);
                }
            });

            RetentionPurge.Result result;
            try (LogCapture log = new LogCapture()) {
                result = new RetentionPurge(jdbi, defaults(), clock, metrics).run();
                assertThat(log.linesWithMessage(RetentionPurge.LOG_MESSAGE)).singleElement()
                        .satisfies(line -> {
                            assertThat(line.path("slack_inbox").asLong()).isEqualTo(2);
                            assertThat(line.path("production_labels").asLong()).isEqualTo(2);
                            assertThat(line.path("failed").asLong()).isZero();
                        });
            }

            assertThat(result.purged()).isEqualTo(Map.of(
                    "slack_inbox", 2L, "interactions", 2L, "interaction_feedback", 2L, "shadow_validations", 2L,
                    "production_labels", 2L, "thread_context", 1L, "assistant_threads", 0L));
            assertThat(result.failed()).isEmpty();
            assertThat(eventIds(jdbi)).containsExactlyInAnyOrder("EvNEWDONE", "EvOLDPENDING", "EvOLDINFLIGHT");
            for (String table : List.of("interactions", "interaction_feedback", "shadow_validations",
                    "production_labels")) {
                assertThat(times(jdbi, table)).as(table).containsExactlyInAnyOrder(daysAgo(89), daysAgo(1));
                assertThat(metrics.counter(RetentionPurge.purgedMetric(table)).getCount()).as(table).isEqualTo(2);
            }
            assertThat(metrics.counter(RetentionPurge.purgedMetric("slack_inbox")).getCount()).isEqualTo(2);

            // Time passes: what was new ages out, and the pending rows still stay.
            clock.advance(java.time.Duration.ofDays(2));
            RetentionPurge.Result later = new RetentionPurge(jdbi, defaults(), clock, new MetricRegistry()).run();
            assertThat(later.purged()).containsEntry("slack_inbox", 1L).containsEntry("interactions", 1L);
            assertThat(eventIds(jdbi)).containsExactlyInAnyOrder("EvOLDPENDING", "EvOLDINFLIGHT");
            assertThat(times(jdbi, "production_labels")).containsExactly(daysAgo(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eachStatementDeletesOneBoundedBatchAndARunStopsAtItsLimit(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(handle -> {
                for (int i = 0; i < 7; i++) {
                    label(handle, daysAgo(100 + i));
                }
                label(handle, daysAgo(3));
            });
            RetentionConfiguration configuration = defaults();
            configuration.setBatchSize(2);
            configuration.setMaxBatchesPerRun(3);

            RetentionPurge purge = new RetentionPurge(jdbi, configuration, clock, metrics);
            assertThat(purge.run().purged()).containsEntry("production_labels", 6L);
            assertThat(times(jdbi, "production_labels")).hasSize(2);
            assertThat(purge.run().purged()).containsEntry("production_labels", 1L);
            assertThat(times(jdbi, "production_labels")).containsExactly(daysAgo(3));
            assertThat(metrics.counter(RetentionPurge.purgedMetric("production_labels")).getCount()).isEqualTo(7);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void configuredPeriodsApplyPerTable(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(handle -> {
                interaction(handle, daysAgo(10));
                label(handle, daysAgo(10));
            });
            RetentionConfiguration configuration = defaults();
            configuration.setInteractions(Duration.days(7));
            configuration.setProductionLabels(Duration.days(14));

            new RetentionPurge(jdbi, configuration, clock, metrics).run();
            assertThat(times(jdbi, "interactions")).isEmpty();
            assertThat(times(jdbi, "production_labels")).containsExactly(daysAgo(10));
        }
    }

    @Test
    void aTableThatFailsIsCountedAndTheOthersAreStillPurged() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(handle -> {
                label(handle, daysAgo(100));
                handle.execute("DROP TABLE interaction_feedback");
            });
            RetentionPurge.Result result = new RetentionPurge(jdbi, defaults(), clock, metrics).run();
            assertThat(result.failed()).containsExactly("interaction_feedback");
            assertThat(result.purged()).containsEntry("production_labels", 1L);
            assertThat(metrics.counter("pitcrew.retention.failed").getCount()).isEqualTo(1);
        }
    }

    @Test
    void aStoppingServiceEndsTheRunBetweenBatches() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(handle -> label(handle, daysAgo(100)));
            RetentionPurge.Result result = new RetentionPurge(jdbi, defaults(), clock, metrics).run(() -> true);
            assertThat(result.total()).isZero();
            assertThat(times(jdbi, "production_labels")).hasSize(1);
        }
    }

    private static void inbox(Handle handle, String eventId, String status, long receivedAt) {
        handle.createUpdate("INSERT INTO slack_inbox (event_id, correlation_id, event_type, channel_id, user_id, "
                        + "payload, status, attempts, next_attempt_at, reply_json, received_at, updated_at) "
                        + "VALUES (:id, 'abcd1234', 'app_mention', 'C1', 'U1', '{\"text\":\"secret plans\"}', "
                        + ":status, 1, :at, '{}', :at, :at)")
                .bind("id", eventId).bind("status", status).bind("at", receivedAt).execute();
    }

    private static void interaction(Handle handle, long at) {
        handle.execute("INSERT INTO interactions (correlation_id, intent, confidence, validation, flag_on, outcome, "
                + "total_ms, created_at) VALUES ('abcd1234', 'help', 0.9, 'skipped', TRUE, 'ok', 5, ?)", at);
    }

    private static void feedback(Handle handle, long at) {
        handle.execute("INSERT INTO interaction_feedback (channel_id, reply_ts, user_id, reaction, created_at) "
                + "VALUES ('C1', ?, 'U1', '+1', ?)", "1700000000." + at, at);
    }

    private static void shadow(Handle handle, long at) {
        handle.execute("INSERT INTO shadow_validations (correlation_id, pattern_intent, pattern_confidence, rule_id, "
                + "llm_intent, agreed, created_at) VALUES ('abcd1234', 'help', 0.95, 'r1', 'help', TRUE, ?)", at);
    }

    private static void label(Handle handle, long at) {
        handle.execute("INSERT INTO production_labels (correlation_id, message_text, pattern_intent, rule_id, "
                + "pattern_confidence, llm_intent, agreed, label_source, created_at) "
                + "VALUES ('abcd1234', 'recap the call', 'meeting_summary', 'r1', 0.95, 'meeting_summary', TRUE, "
                + "'validated', ?)", at);
    }

    private static List<String> eventIds(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT event_id FROM slack_inbox")
                .mapTo(String.class).list());
    }

    private static List<Long> times(Jdbi jdbi, String table) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT created_at FROM " + table)
                .mapTo(Long.class).list());
    }
}
