package com.pitcrew.rollout;

import com.pitcrew.support.TestThreads;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.pipeline.InteractionStore;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutGuardTest {

    private static final RolloutGuard.Criteria CRITERIA = new RolloutGuard.Criteria(0.85, 20, 0.10, 20,
            Duration.ofHours(1), Duration.ofMinutes(1));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final MetricRegistry metrics = new MetricRegistry();

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    private interface GuardTest {
        void run(Jdbi jdbi, KillSwitch killSwitch, RolloutGuard guard);
    }

    private void withGuard(String kind, GuardTest test) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            Jdbi jdbi = database.jdbi();
            KillSwitch killSwitch = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), clock, metrics);
            killSwitch.refresh();
            test.run(jdbi, killSwitch, new RolloutGuard(jdbi, killSwitch, CRITERIA, TestThreads.unmanaged(), clock, metrics));
        }
    }

    private void shadow(Jdbi jdbi, int agreed, int disagreed) {
        jdbi.useHandle(handle -> {
            for (int i = 0; i < agreed + disagreed; i++) {
                handle.createUpdate("INSERT INTO shadow_validations (correlation_id, pattern_intent, "
                                + "pattern_confidence, rule_id, llm_intent, agreed, created_at) "
                                + "VALUES ('abcd1234', 'search_calls', 0.95, 'r', :llm, :agreed, :at)")
                        .bind("llm", i < agreed ? "search_calls" : "meeting_question")
                        .bind("agreed", i < agreed)
                        .bind("at", clock.millis())
                        .execute();
            }
        });
    }

    private void interactions(Jdbi jdbi, boolean flagOn, int ok, int failed) {
        InteractionStore store = new InteractionStore(jdbi);
        for (int i = 0; i < ok + failed; i++) {
            store.record(new InteractionStore.Interaction("abcd1234", Optional.empty(), "U1", Optional.empty(), Optional.of("C1"),
                    "search_calls", 0.95, flagOn ? "skipped" : "validated", flagOn, i >= ok, flagOn ? 300 : 1100,
                    clock.millis()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void lowShadowPrecisionEngagesTheKillSwitch(String kind) throws Exception {
        withGuard(kind, (jdbi, killSwitch, guard) -> {
            shadow(jdbi, 16, 4);
            RolloutGuard.Evaluation evaluation = guard.evaluate();

            assertThat(evaluation.shadowPrecision()).contains(0.8);
            assertThat(evaluation.trip()).get().asString().contains("shadow precision 0.800 < 0.85");
            assertThat(killSwitch.engaged()).isTrue();
            assertThat(killSwitch.state()).get().extracting(KillSwitch.State::changedBy).isEqualTo(RolloutGuard.ACTOR);
            assertThat(metrics.counter("pitcrew.rollout.guard.tripped").getCount()).isEqualTo(1);
            assertThat(new KillSwitchHealthCheck(killSwitch).execute().isHealthy()).isFalse();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void tooFewSamplesDoNotJudge(String kind) throws Exception {
        withGuard(kind, (jdbi, killSwitch, guard) -> {
            shadow(jdbi, 5, 10);
            RolloutGuard.Evaluation evaluation = guard.evaluate();
            assertThat(evaluation.shadowPrecision()).isEmpty();
            assertThat(evaluation.trip()).isEmpty();
            assertThat(killSwitch.engaged()).isFalse();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aHigherErrorRateWithTheFlagOnEngagesTheKillSwitch(String kind) throws Exception {
        withGuard(kind, (jdbi, killSwitch, guard) -> {
            interactions(jdbi, true, 15, 10);
            interactions(jdbi, false, 24, 1);
            RolloutGuard.Evaluation evaluation = guard.evaluate();
            assertThat(evaluation.flagOn().requests()).isEqualTo(25);
            assertThat(evaluation.flagOn().averageMillis()).isEqualTo(300.0);
            assertThat(evaluation.flagOff().averageMillis()).isEqualTo(1100.0);
            assertThat(evaluation.trip()).get().asString().contains("flag-on error rate 0.400 exceeds flag-off 0.040");
            assertThat(killSwitch.engaged()).isTrue();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void healthyCohortsStayHealthyAndClearingStartsAFreshJudgement(String kind) throws Exception {
        withGuard(kind, (jdbi, killSwitch, guard) -> {
            shadow(jdbi, 10, 10);
            guard.evaluate();
            assertThat(killSwitch.engaged()).isTrue();

            clock.advance(Duration.ofMinutes(5));
            killSwitch.clear("rules fixed", "alice");
            clock.advance(Duration.ofMinutes(1));
            shadow(jdbi, 20, 1);
            interactions(jdbi, true, 30, 0);
            interactions(jdbi, false, 30, 1);

            HealthCheck.Result result = new RolloutGuardHealthCheck(guard).execute();
            assertThat(result.isHealthy()).as(result.toString()).isTrue();
            assertThat(result.getDetails()).containsEntry("shadowSamples", 21L);
            assertThat(killSwitch.engaged()).as("data from before the clear does not count again").isFalse();
        });
    }
}
