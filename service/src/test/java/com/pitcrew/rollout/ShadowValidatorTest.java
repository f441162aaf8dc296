package com.pitcrew.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.LocalLifecycle;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.IntentValidator;
import com.pitcrew.intent.LabelSink;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.support.FakeOpenAi;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShadowValidatorTest {

    private final FakeOpenAi openAi = new FakeOpenAi();
    private final MetricRegistry metrics = new MetricRegistry();
    private final LocalLifecycle lifecycle = new LocalLifecycle(metrics);
    private MigratedDatabase database;
    private Jdbi jdbi;

    @BeforeEach
    void setUp() {
        database = MigratedDatabase.h2();
        jdbi = database.jdbi();
    }

    @AfterEach
    void tearDown() throws Exception {
        lifecycle.close();
        database.close();
        openAi.close();
    }

    private ShadowValidator shadow(double draw) {
        LlmConfiguration configuration = new LlmConfiguration();
        configuration.setApiKey("test-key");
        configuration.setBaseUrl(openAi.baseUrl());
        IntentValidator validator = new IntentValidator(LlmClient.create(configuration, metrics));
        return new ShadowValidator(validator, jdbi, LabelSink.NONE, 0.1, 10, 1, () -> draw, lifecycle.threads(),
                Clock.systemUTC(), metrics);
    }

    @Test
    void aSampledSkipIsValidatedInTheBackgroundAndRecorded() throws Exception {
        openAi.answer("{\"intent\":\"meeting_question\",\"confidence\":0.9}");
        ShadowValidator shadow = shadow(0.05);
        shadow.onSkip(Inquiry.of("what did Acme say about pricing", "U1"),
                new Classification(Intent.SEARCH_CALLS, 0.93, "search-topic"));
        lifecycle.close(); // lets the queued sample finish, as the server's lifecycle does at stop

        List<Map<String, Object>> rows = jdbi.withHandle(handle -> handle
                .createQuery("SELECT pattern_intent, llm_intent, agreed, rule_id FROM shadow_validations")
                .mapToMap().list());
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("pattern_intent", "search_calls").containsEntry("llm_intent", "meeting_question")
                    .containsEntry("rule_id", "search-topic");
            assertThat(row.get("agreed")).isEqualTo(false);
        });
        assertThat(metrics.meter("pitcrew.rollout.shadow.disagreed").getCount()).isEqualTo(1);
    }

    @Test
    void anUnsampledSkipCostsNothing() throws Exception {
        ShadowValidator shadow = shadow(0.5);
        shadow.onSkip(Inquiry.of("search calls about pricing", "U1"),
                new Classification(Intent.SEARCH_CALLS, 0.95, "r"));
        lifecycle.close(); // lets the queued sample finish, as the server's lifecycle does at stop
        assertThat(openAi.requests()).isZero();
    }

    @Test
    void anUnavailableLlmRecordsNothing() throws Exception {
        openAi.fail(500);
        ShadowValidator shadow = shadow(0.0);
        shadow.onSkip(Inquiry.of("search calls about pricing", "U1"),
                new Classification(Intent.SEARCH_CALLS, 0.95, "r"));
        // The failed call and its retry can outlast the lifecycle's 5 s drain on a loaded machine: wait for the outcome.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> metrics.meter("pitcrew.rollout.shadow.unavailable").getCount() == 1);
        lifecycle.close(); // lets the queued sample finish, as the server's lifecycle does at stop
        int rows = jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM shadow_validations")
                .mapTo(Integer.class).one());
        assertThat(rows).isZero();
        assertThat(metrics.meter("pitcrew.rollout.shadow.unavailable").getCount()).isEqualTo(1);
    }
}
