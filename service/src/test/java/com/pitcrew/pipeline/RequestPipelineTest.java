package com.pitcrew.pipeline;

import com.pitcrew.support.TestThreads;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.directory.SampleDirectory;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.ControlPlane;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.IntentValidator;
import com.pitcrew.intent.LabelSink;
import com.pitcrew.intent.RuleTrust;
import com.pitcrew.intent.SkipListener;
import com.pitcrew.intent.SkipPolicy;
import com.pitcrew.intent.Validation;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.meetings.MeetingResolver;
import com.pitcrew.observability.LogCapture;
import com.pitcrew.rollout.KillSwitch;
import com.pitcrew.rollout.SkipFlag;
import com.pitcrew.rollout.UnleashConfiguration;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.support.TestApps;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestPipelineTest {

    private final MetricRegistry metrics = new MetricRegistry();
    private MigratedDatabase database;
    private Jdbi jdbi;
    private SkipFlag flag;

    @BeforeEach
    void setUp() {
        database = MigratedDatabase.h2();
        jdbi = database.jdbi();
        UnleashConfiguration unleash = new UnleashConfiguration();
        unleash.setBootstrapFile(TestApps.repoRoot().resolve("unleash/bootstrap.json").toString());
        flag = SkipFlag.create(unleash, metrics);
    }

    @AfterEach
    void tearDown() throws Exception {
        flag.stop();
        database.close();
    }

    private RequestPipeline pipeline(Classification pattern, List<IntentHandler> handlers) {
        KillSwitch killSwitch = new KillSwitch(jdbi, SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), Clock.systemUTC(), metrics);
        IntentValidator validator = new IntentValidator(LlmClient.create(new LlmConfiguration(), metrics));
        ControlPlane controlPlane = new ControlPlane(text -> pattern, new SkipPolicy(0.9), flag, killSwitch,
                validator, 0.5, SkipListener.NONE, RuleTrust.NONE, LabelSink.NONE, metrics);
        return new RequestPipeline(new MeetingResolver(SampleDirectory.accounts(), Clock.systemUTC()), controlPlane,
                handlers, Optional.of(new InteractionStore(jdbi)), metrics, Clock.systemUTC());
    }

    private static IntentHandler handler(Intent intent, String answer) {
        return new IntentHandler() {
            @Override
            public Intent intent() {
                return intent;
            }

            @Override
            public Reply handle(HandlerRequest request) {
                return Reply.text(answer + " for " + request.scope().accounts());
            }
        };
    }

    @Test
    void aSkippedRequestIsAnsweredAndSummarisedOnce() {
        RequestPipeline pipeline = pipeline(new Classification(Intent.SEARCH_CALLS, 0.97, "r"),
                List.of(handler(Intent.SEARCH_CALLS, "calls")));
        try (LogCapture logs = new LogCapture()) {
            PipelineOutcome outcome = pipeline.handle(Inquiry.of("find calls with Acme about pricing", "U1"), "c0ffee01");

            assertThat(outcome.failed()).isFalse();
            assertThat(outcome.reply().text()).isEqualTo("calls for [Acme Corp]");
            assertThat(outcome.decision().validation()).isEqualTo(Validation.SKIPPED);
            List<JsonNode> summaries = logs.linesWithMessage("Request completed successfully");
            assertThat(summaries).hasSize(1);
            JsonNode summary = summaries.get(0);
            assertThat(summary.path("correlationId").asText()).isEqualTo("c0ffee01");
            assertThat(summary.path("intent").asText()).isEqualTo("search_calls");
            assertThat(summary.path("validation").asText()).isEqualTo("skipped");
            assertThat(summary.path("flag").asText()).isEqualTo("on");
            assertThat(summary.path("stages").fieldNames()).toIterable()
                    .containsExactly("meeting_resolution", "control_plane", "handler");
        }
        Map<String, Object> row = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT correlation_id, intent, validation, flag_on, outcome FROM interactions").mapToMap().one());
        assertThat(row).containsEntry("correlation_id", "c0ffee01").containsEntry("intent", "search_calls")
                .containsEntry("validation", "skipped").containsEntry("outcome", "ok");
    }

    @Test
    void aFailingHandlerGivesAnApologyAndAFailedSummary() {
        IntentHandler broken = new IntentHandler() {
            @Override
            public Intent intent() {
                return Intent.HELP;
            }

            @Override
            public Reply handle(HandlerRequest request) {
                throw new IllegalStateException("boom");
            }
        };
        RequestPipeline pipeline = pipeline(new Classification(Intent.HELP, 0.99, "r"), List.of(broken));
        try (LogCapture logs = new LogCapture()) {
            PipelineOutcome outcome = pipeline.handle(Inquiry.of("help", "U1"), "deadbeef");
            assertThat(outcome.failed()).isTrue();
            assertThat(outcome.reply().text()).contains("Sorry").contains("deadbeef");
            assertThat(logs.linesWithMessage("Request failed")).singleElement()
                    .satisfies(line -> assertThat(line.path("stages").has("handler")).isTrue());
        }
        assertThat(metrics.counter("pitcrew.handler.failed.help").getCount()).isEqualTo(1);
        String outcome = jdbi.withHandle(handle -> handle.createQuery("SELECT outcome FROM interactions")
                .mapTo(String.class).one());
        assertThat(outcome).isEqualTo("error");
    }

    @Test
    void anIntentWithoutAHandlerIsToldPlainly() {
        RequestPipeline pipeline = pipeline(new Classification(Intent.ACTION_ITEMS, 0.95, "r"), List.of());
        PipelineOutcome outcome = pipeline.handle(Inquiry.of("what are the next steps for Globex", "U1"), "0000aaaa");
        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.reply().text()).contains("action_items").contains("not supported yet");
    }

    @Test
    void withoutAnLlmAWeakPatternAsksToRephrase() {
        RequestPipeline pipeline = pipeline(new Classification(Intent.MEETING_QUESTION, 0.2, "r"),
                List.of(new OtherHandler()));
        PipelineOutcome outcome = pipeline.handle(Inquiry.of("hmm Acme thing?", "U1"), "0000bbbb");
        assertThat(outcome.decision().validation()).isEqualTo(Validation.UNAVAILABLE);
        assertThat(outcome.reply().text()).isEqualTo(OtherHandler.REPHRASE);
    }
}
