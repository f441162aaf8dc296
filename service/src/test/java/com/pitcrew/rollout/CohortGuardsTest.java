package com.pitcrew.rollout;

import com.pitcrew.support.TestThreads;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.pitcrew.observability.LogCapture;
import com.pitcrew.pipeline.InteractionStore;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CohortGuardsTest {

    private static final CohortGuards.Settings SETTINGS = new CohortGuards.Settings(20, 20, 0.10,
            Duration.ofHours(1), Duration.ofMinutes(1));
    private static final AtomicInteger REPLY = new AtomicInteger();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final MetricRegistry metrics = new MetricRegistry();

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    private static CohortGuards.Window window(long skippedRequests, long skippedP50, long validatedRequests,
                                              long validatedP50, CohortGuards.Feedback skipped,
                                              CohortGuards.Feedback validated) {
        return new CohortGuards.Window(0, new CohortGuards.Latency(skippedRequests, OptionalLong.of(skippedP50)),
                new CohortGuards.Latency(validatedRequests, OptionalLong.of(validatedP50)), skipped, validated);
    }

    private static final CohortGuards.Feedback NONE = new CohortGuards.Feedback(0, 0);

    @Test
    void latencyIsOkWhileSkippedStaysFasterAtP50() {
        CohortGuards.Verdict verdict = CohortGuards.latency(window(20, 300, 20, 1100, NONE, NONE), SETTINGS);
        assertThat(verdict.status()).isEqualTo(CohortGuards.Status.OK);
        assertThat(verdict.figures()).isEqualTo("skipped p50 300 ms (20 requests), validated p50 1100 ms (20 requests)");
    }

    @Test
    void latencyWarnsWhenSkippedIsNoFaster() {
        assertThat(CohortGuards.latency(window(50, 1100, 50, 1100, NONE, NONE), SETTINGS).status())
                .isEqualTo(CohortGuards.Status.WARNING);
        assertThat(CohortGuards.latency(window(50, 1400, 50, 1100, NONE, NONE), SETTINGS).status())
                .isEqualTo(CohortGuards.Status.WARNING);
    }

    @Test
    void latencyNeedsTheMinimumSampleOnBothSides() {
        assertThat(CohortGuards.latency(window(19, 5000, 100, 1100, NONE, NONE), SETTINGS).status())
                .isEqualTo(CohortGuards.Status.NOT_ENOUGH_DATA);
        assertThat(CohortGuards.latency(window(100, 5000, 19, 1100, NONE, NONE), SETTINGS).status())
                .isEqualTo(CohortGuards.Status.NOT_ENOUGH_DATA);
    }

    @Test
    void feedbackTripsWhenSkippedAnswersGetAMuchLargerThumbsDownShare() {
        // skipped 8 of 20 = 0.40, validated 5 of 20 = 0.25: 0.15 more than allowed 0.10
        CohortGuards.Verdict verdict = CohortGuards.feedback(window(0, 0, 0, 0, new CohortGuards.Feedback(12, 8),
                new CohortGuards.Feedback(15, 5)), SETTINGS);
        assertThat(verdict.status()).isEqualTo(CohortGuards.Status.TRIPPED);
        assertThat(verdict.figures()).isEqualTo("thumbs-down share skipped 0.400 (8 of 20), validated 0.250 (5 of 20)");
    }

    @Test
    void feedbackWithinTheMarginOrShortOfTheSampleDoesNotTrip() {
        // 0.35 vs 0.25: exactly 0.10 more is still allowed
        assertThat(CohortGuards.feedback(window(0, 0, 0, 0, new CohortGuards.Feedback(13, 7),
                new CohortGuards.Feedback(15, 5)), SETTINGS).status()).isEqualTo(CohortGuards.Status.OK);
        assertThat(CohortGuards.feedback(window(0, 0, 0, 0, new CohortGuards.Feedback(0, 19),
                new CohortGuards.Feedback(20, 0)), SETTINGS).status()).isEqualTo(CohortGuards.Status.NOT_ENOUGH_DATA);
    }

    private void answered(Jdbi jdbi, String validation, long totalMillis, Optional<String> reaction) {
        InteractionStore store = new InteractionStore(jdbi);
        String correlation = String.format("%08x", REPLY.incrementAndGet());
        String eventId = "Ev" + correlation;
        store.record(new InteractionStore.Interaction(correlation, Optional.of(eventId), "U1", Optional.empty(),
                Optional.of("C1"),
                "search_calls", 0.95, validation, true, false, totalMillis, clock.millis()));
        String ts = "1700000000." + correlation;
        store.attachReply(eventId, "C1", ts);
        reaction.ifPresent(r -> jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO interaction_feedback "
                        + "(channel_id, reply_ts, user_id, reaction, created_at) VALUES ('C1', :ts, 'U2', :r, :at)")
                .bind("ts", ts).bind("r", r).bind("at", clock.millis()).execute()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aWindowOfWorseFeedbackOnSkipsEngagesTheKillSwitch(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind); LogCapture logs = new LogCapture()) {
            Jdbi jdbi = database.jdbi();
            KillSwitch killSwitch = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), clock, metrics);
            killSwitch.refresh();
            CohortGuards guards = new CohortGuards(jdbi, killSwitch, SETTINGS, TestThreads.unmanaged(), clock, metrics);
            for (int i = 0; i < 20; i++) {
                answered(jdbi, "skipped", 300 + i, Optional.of(i < 10 ? "-1" : "+1"));   // 👎 share 0.50
                answered(jdbi, "validated", 1100 + i, Optional.of(i < 4 ? "-1" : "+1")); // 👎 share 0.20
            }
            clock.advance(Duration.ofSeconds(1));

            HealthCheck.Result result = new CohortGuardsHealthCheck(guards).execute();

            assertThat(result.isHealthy()).isFalse();
            assertThat(result.getMessage()).isEqualTo("rollback criterion failed: feedback guard: thumbs-down share "
                    + "skipped 0.500 (10 of 20), validated 0.200 (4 of 20)");
            assertThat(guards.latest()).get().extracting(evaluation -> evaluation.latency().figures())
                    .isEqualTo("skipped p50 309 ms (20 requests), validated p50 1109 ms (20 requests)");
            assertThat(killSwitch.engaged()).isTrue();
            assertThat(killSwitch.state()).get().extracting(KillSwitch.State::changedBy)
                    .isEqualTo(CohortGuards.ACTOR);
            assertThat(metrics.counter("pitcrew.rollout.feedback_guard.tripped").getCount()).isEqualTo(1);
            assertThat(logs.lines()).anyMatch(line -> line.path("message").asText().startsWith("Feedback guard tripped")
                    && line.path("guard").asText().equals("feedback"));

            // After the switch changed, only newer data counts: the old window no longer trips it.
            assertThat(guards.evaluate().feedback().status()).isEqualTo(CohortGuards.Status.NOT_ENOUGH_DATA);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void slowSkipsWarnOnceAndStayHealthy(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind); LogCapture logs = new LogCapture()) {
            Jdbi jdbi = database.jdbi();
            KillSwitch killSwitch = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), clock, metrics);
            killSwitch.refresh();
            CohortGuards guards = new CohortGuards(jdbi, killSwitch, SETTINGS, TestThreads.unmanaged(), clock, metrics);
            for (int i = 0; i < 21; i++) {
                answered(jdbi, "skipped", 1500 + i, Optional.empty());
                answered(jdbi, "validated", 1000 + i, Optional.empty());
            }

            HealthCheck.Result result = new CohortGuardsHealthCheck(guards).execute();
            guards.evaluate();

            assertThat(result.isHealthy()).isTrue();
            assertThat(result.getMessage()).isEqualTo("warning: skipped requests are no faster than validated ones "
                    + "(skipped p50 1510 ms (21 requests), validated p50 1010 ms (21 requests))");
            assertThat(killSwitch.engaged()).isFalse();
            assertThat(metrics.counter("pitcrew.rollout.latency_guard.warned").getCount()).isEqualTo(1);
            assertThat(logs.lines().stream().filter(line -> line.path("message").asText().startsWith("Latency guard")))
                    .hasSize(1);
        }
    }
}
