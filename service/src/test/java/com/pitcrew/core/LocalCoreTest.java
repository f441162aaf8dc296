package com.pitcrew.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.Validation;
import com.pitcrew.support.TestApps;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalCoreTest {

    private final List<String> events = new ArrayList<>();

    private Managed recording(String name, boolean failStart, boolean failStop) {
        return new Managed() {
            @Override
            public void start() {
                events.add("start " + name);
                if (failStart) {
                    throw new IllegalStateException(name + " cannot start");
                }
            }

            @Override
            public void stop() {
                events.add("stop " + name);
                if (failStop) {
                    throw new IllegalStateException(name + " cannot stop");
                }
            }
        };
    }

    @Test
    void startsInOrderAndStopsInReverseOrderAsDropwizardDoes() {
        List<Managed> lifecycle = List.of(recording("directory", false, false), recording("labels", false, false),
                recording("shadow", false, false));

        LocalCore.startAll(lifecycle);
        LocalCore.stopAll(lifecycle);

        assertThat(events).containsExactly("start directory", "start labels", "start shadow",
                "stop shadow", "stop labels", "stop directory");
    }

    @Test
    void aFailedStartStopsWhatHadStartedAndStartsNothingAfterIt() {
        List<Managed> lifecycle = List.of(recording("directory", false, false), recording("labels", false, false),
                recording("shadow", true, false), recording("guard", false, false));

        assertThatThrownBy(() -> LocalCore.startAll(lifecycle)).hasRootCauseMessage("shadow cannot start");

        assertThat(events).containsExactly("start directory", "start labels", "start shadow",
                "stop labels", "stop directory");
    }

    @Test
    void aFailedStopStillStopsTheOthersAndIsReported() {
        List<Managed> lifecycle = List.of(recording("directory", false, false), recording("labels", false, true),
                recording("shadow", false, false));

        assertThatThrownBy(() -> LocalCore.stopAll(lifecycle)).hasRootCauseMessage("labels cannot stop");

        assertThat(events).containsExactly("stop shadow", "stop labels", "stop directory");
    }

    @Test
    void opensTheWholeCoreOnAFreshDatabaseAndClosesIt() {
        PitCrewConfiguration configuration = new PitCrewConfiguration();
        configuration.getDatabase().setUrl("jdbc:h2:mem:local_core_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        configuration.getUnleash().setBootstrapFile(TestApps.shippedBootstrap().toString());

        try (LocalCore local = LocalCore.open(configuration, new MetricRegistry(), Clock.systemUTC())) {
            // Migrated and seeded on open: the sample calls answer a skipped recap with no LLM.
            var outcome = local.core().pipeline().handle(Inquiry.of("summarize the last call with Acme", "U1"),
                    "c0ffee00");
            assertThat(outcome.failed()).isFalse();
            assertThat(outcome.decision().validation()).isEqualTo(Validation.SKIPPED);
            assertThat(outcome.reply().text()).contains("Acme");
        }
    }
}
