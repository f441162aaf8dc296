package com.pitcrew.rollout;

import com.pitcrew.support.TestThreads;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.MutableClock;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kill switch under interleavings that a scheduler and a health check, or two instances, produce. Each test runs
 * the other party's work at one chosen point of the first party's statements, so the interleaving is forced, not
 * hoped for.
 */
class KillSwitchRacesTest {

    private static final RolloutGuard.Criteria CRITERIA = new RolloutGuard.Criteria(0.85, 20, 0.10, 20,
            Duration.ofHours(1), Duration.ofMinutes(1));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    /** Runs {@code interloper} on another thread, once, when a statement matching {@code at} is about to run. */
    private static Jdbi interrupted(MigratedDatabase database, Predicate<String> at, boolean afterExecution,
                                    Runnable interloper) {
        AtomicBoolean done = new AtomicBoolean();
        Jdbi jdbi = Jdbi.create(database.dataSource());
        jdbi.addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws java.sql.SQLException {
                if (!afterExecution) {
                    maybeRun(ctx);
                }
            }

            @Override
            public void afterExecution(PreparedStatement statement, StatementContext ctx) throws java.sql.SQLException {
                if (afterExecution) {
                    maybeRun(ctx);
                }
            }

            private void maybeRun(StatementContext ctx) {
                String sql = ctx.getRenderedSql().strip().toUpperCase(Locale.ROOT);
                if (at.test(sql) && done.compareAndSet(false, true)) {
                    CompletableFuture.runAsync(interloper).orTimeout(30, TimeUnit.SECONDS).join();
                }
            }
        });
        return jdbi;
    }

    private static boolean writesOverrides(String sql) {
        return sql.contains("FEATURE_OVERRIDES") && !sql.startsWith("SELECT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRefreshThatReadBeforeAWriteDoesNotUndoIt(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            KillSwitch[] killSwitch = new KillSwitch[1];
            // The refresh has read the row (not engaged) when the operator engages the switch on this instance.
            Jdbi jdbi = interrupted(database, sql -> sql.startsWith("SELECT") && sql.contains("FEATURE_OVERRIDES"),
                    true, () -> killSwitch[0].engage("precision fell", "alice"));
            killSwitch[0] = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), clock, new MetricRegistry());

            killSwitch[0].refresh();

            assertThat(killSwitch[0].engaged()).as("the stale read must not clear a fresh engage").isTrue();
            assertThat(killSwitch[0].state()).get().extracting(KillSwitch.State::changedBy).isEqualTo("alice");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoInstancesFirstWritesBothSucceed(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            KillSwitch other = new KillSwitch(database.jdbi(), SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), clock,
                    new MetricRegistry());
            // The other instance's first write lands while this one's first write has checked for a row.
            Jdbi jdbi = interrupted(database, sql -> sql.startsWith("INSERT") && sql.contains("FEATURE_OVERRIDES"),
                    false, () -> other.engage("guard tripped", "instance-b"));
            KillSwitch first = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), clock, new MetricRegistry());

            first.clear("all good", "instance-a");

            KillSwitch reader = new KillSwitch(database.jdbi(), SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), clock,
                    new MetricRegistry());
            reader.refresh();
            assertThat(reader.state()).get().extracting(KillSwitch.State::changedBy)
                    .as("the later write wins").isEqualTo("instance-a");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSchedulerAndAHealthCheckEngageTheSwitchOnce(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            MetricRegistry metrics = new MetricRegistry();
            RolloutGuard[] guard = new RolloutGuard[1];
            // The health check's evaluation runs while the scheduler's is about to engage the switch.
            Jdbi jdbi = interrupted(database, KillSwitchRacesTest::writesOverrides, false, () -> guard[0].evaluate());
            KillSwitch killSwitch = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), clock, metrics);
            killSwitch.refresh();
            guard[0] = new RolloutGuard(jdbi, killSwitch, CRITERIA, TestThreads.unmanaged(), clock, metrics);
            jdbi.useHandle(handle -> {
                for (int i = 0; i < 20; i++) {
                    handle.createUpdate("INSERT INTO shadow_validations (correlation_id, pattern_intent, "
                                    + "pattern_confidence, rule_id, llm_intent, agreed, created_at) "
                                    + "VALUES ('abcd1234', 'search_calls', 0.95, 'r', 'search_calls', :agreed, :at)")
                            .bind("agreed", i < 10).bind("at", clock.millis()).execute();
                }
            });

            guard[0].evaluate();

            assertThat(killSwitch.engaged()).isTrue();
            assertThat(metrics.counter("pitcrew.rollout.guard.tripped").getCount()).as("engaged once").isEqualTo(1);
            long version = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT COUNT(*) FROM feature_overrides WHERE engaged = TRUE").mapTo(Long.class).one());
            assertThat(version).isEqualTo(1);
        }
    }
}
