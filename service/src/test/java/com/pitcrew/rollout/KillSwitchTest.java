package com.pitcrew.rollout;

import com.pitcrew.support.TestThreads;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KillSwitchTest {

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEngagedSwitchIsSeenByOtherInstancesAndAfterARestart(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            Jdbi jdbi = database.jdbi();
            KillSwitch first = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), Clock.systemUTC(),
                    new MetricRegistry());
            KillSwitch second = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), Clock.systemUTC(),
                    new MetricRegistry());
            first.refresh();
            second.refresh();
            assertThat(second.engaged()).isFalse();

            first.engage("precision fell to 0.81", "guard");
            assertThat(first.engaged()).as("the writer sees it at once").isTrue();
            assertThat(second.engaged()).as("the other instance still has its cached value").isFalse();
            second.refresh();
            assertThat(second.engaged()).isTrue();
            assertThat(second.state()).get().extracting(KillSwitch.State::reason).isEqualTo("precision fell to 0.81");

            KillSwitch restarted = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), Clock.systemUTC(),
                    new MetricRegistry());
            restarted.start();
            try {
                assertThat(restarted.engaged()).as("a restart reads the stored value").isTrue();
            } finally {
                restarted.stop();
            }

            second.clear("fixed the rules", "alice");
            first.refresh();
            assertThat(first.engaged()).isFalse();
            assertThat(new KillSwitchHealthCheck(first).execute().isHealthy()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseOutageKeepsTheLastKnownValue(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            MetricRegistry metrics = new MetricRegistry();
            Jdbi jdbi = database.jdbi();
            KillSwitch killSwitch = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), Clock.systemUTC(),
                    metrics);
            killSwitch.engage("test", "test");
            // The stored state becomes unreadable: every refresh now fails.
            jdbi.useHandle(handle -> handle.execute("DROP TABLE feature_overrides"));

            killSwitch.refresh();
            assertThat(killSwitch.engaged()).isTrue();
            assertThat(metrics.counter("pitcrew.rollout.kill_switch.refresh_failed").getCount()).isEqualTo(1);
            assertThat(new KillSwitchHealthCheck(killSwitch).execute().getMessage()).contains("engaged by test");
        }
    }
}
