package com.pitcrew.rollout;

import com.pitcrew.support.TestThreads;
import static com.pitcrew.rollout.ProductionLabelStoreTest.label;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.ProductionLabel;
import com.pitcrew.observability.LogCapture;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rule trust and the breakers over a real database, with two instances sharing it. */
class RuleTrustMonitorTest {

    private static final RuleTrustMonitor.Settings SETTINGS = new RuleTrustMonitor.Settings(0.9, Duration.ofDays(7),
            30, Duration.ofSeconds(30));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    private void labels(ProductionLabelStore store, String rule, int agreed, int disagreed) {
        for (int i = 0; i < agreed + disagreed; i++) {
            store.insert(label("message " + i, rule, 0.95, Intent.SEARCH_CALLS,
                    i < agreed ? Intent.SEARCH_CALLS : Intent.MEETING_QUESTION, ProductionLabel.Source.VALIDATED),
                    clock.millis());
        }
    }

    private RuleTrustMonitor monitor(MigratedDatabase database, MetricRegistry metrics) {
        return new RuleTrustMonitor(new ProductionLabelStore(database.jdbi()), new RuleBreakerStore(database.jdbi()),
                SETTINGS, TestThreads.unmanaged(), clock, metrics);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRuleBelowTheThresholdTripsForEveryInstanceUntilAPersonClearsIt(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            ProductionLabelStore store = new ProductionLabelStore(database.jdbi());
            MetricRegistry metrics = new MetricRegistry();
            RuleTrustMonitor first = monitor(database, metrics);
            RuleTrustMonitor second = monitor(database, new MetricRegistry());
            labels(store, "weak", 25, 5);
            labels(store, "strong", 30, 0);
            clock.advance(Duration.ofSeconds(1));

            try (LogCapture logs = new LogCapture()) {
                first.refresh();
                JsonNode line = logs.linesWithMessage(RuleTrustMonitor.TRIPPED_MESSAGE).get(0);
                assertThat(line.path("level").asText()).isEqualTo("WARN");
                assertThat(line.path("rule").asText()).isEqualTo("weak");
                assertThat(line.path("samples").asLong()).isEqualTo(30);
                assertThat(line.path("agreed").asLong()).isEqualTo(25);
                assertThat(line.path("precision").asDouble()).isEqualTo(0.8333);
                assertThat(line.path("threshold").asDouble()).isEqualTo(0.9);
            }
            second.refresh();

            assertThat(first.view().breakerOpen("weak")).isTrue();
            assertThat(first.view().breakerOpen("strong")).isFalse();
            assertThat(second.view().breakerOpen("weak")).as("stored, so another instance sees it").isTrue();
            assertThat(metrics.counter("pitcrew.rollout.rule_breaker.tripped").getCount()).isEqualTo(1);
            assertThat(((Gauge<?>) metrics.getGauges().get("pitcrew.rollout.rule_breaker.open")).getValue())
                    .isEqualTo(1);
            HealthCheck.Result health = new RuleBreakerHealthCheck(second).execute();
            assertThat(health.isHealthy()).isFalse();
            assertThat(health.getMessage()).contains("weak").doesNotContain("strong");
            assertThat(health.getDetails()).containsKey("weak");
            assertThat(first.view().apply(new Classification(Intent.SEARCH_CALLS, 0.97, "weak")).confidence())
                    .isLessThan(0.9);

            labels(store, "weak", 0, 10);
            first.refresh();
            assertThat(metrics.counter("pitcrew.rollout.rule_breaker.tripped").getCount())
                    .as("an open breaker does not trip again").isEqualTo(1);

            clock.advance(Duration.ofMinutes(1));
            assertThat(second.clear("weak", "rule rewritten", "alice")).isTrue();
            assertThat(second.view().breakerOpen("weak")).isFalse();
            assertThat(second.view().agreement("weak")).as("only labels newer than the clear count").isEmpty();
            first.refresh();
            assertThat(first.view().breakerOpen("weak")).isFalse();
            assertThat(first.view().apply(new Classification(Intent.SEARCH_CALLS, 0.97, "weak")).confidence())
                    .isEqualTo(0.97);
            assertThat(new RuleBreakerHealthCheck(first).execute().isHealthy()).isTrue();
            assertThat(second.clear("weak", "again", "alice")).as("nothing open").isFalse();

            RuleTrustMonitor restarted = monitor(database, new MetricRegistry());
            restarted.start();
            try {
                assertThat(restarted.view().breakerOpen("weak")).isFalse();
                assertThat(restarted.view().agreement("strong")).isPresent();
            } finally {
                restarted.stop();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void labelsOutsideTheWindowOrBelowTheThresholdDoNotJudge(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            ProductionLabelStore store = new ProductionLabelStore(database.jdbi());
            RuleTrustMonitor monitor = monitor(database, new MetricRegistry());
            labels(store, "old", 0, 40);
            clock.advance(Duration.ofDays(8));
            for (int i = 0; i < 40; i++) {
                store.insert(label("weak match", "unsure", 0.6, Intent.SEARCH_CALLS, Intent.HELP,
                        ProductionLabel.Source.VALIDATED), clock.millis());
            }
            monitor.refresh();
            assertThat(monitor.view().openBreakers()).isEmpty();
            assertThat(monitor.view().agreements()).isEmpty();
        }
    }
}
