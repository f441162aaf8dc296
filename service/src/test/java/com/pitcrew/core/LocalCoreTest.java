package com.pitcrew.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.Validation;
import com.pitcrew.support.TestApps;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalCoreTest {

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
