package com.pitcrew.pipeline;

import com.pitcrew.support.TestThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.directory.SampleDirectory;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.ControlPlane;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.IntentValidator;
import com.pitcrew.intent.LabelSink;
import com.pitcrew.intent.RuleTrust;
import com.pitcrew.intent.SkipListener;
import com.pitcrew.intent.SkipPolicy;
import com.pitcrew.intent.Validation;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.llm.LlmResult;
import com.pitcrew.meetings.MeetingResolver;
import com.pitcrew.observability.LogCapture;
import com.pitcrew.rollout.KillSwitch;
import com.pitcrew.rollout.SkipFlag;
import com.pitcrew.rollout.UnleashConfiguration;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.support.FakeOpenAi;
import com.pitcrew.support.TestApps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phase 1.1 against a fake OpenAI server over HTTP: with {@code pitcrew.parallel-validation} on, the pattern
 * intent's handler generates while the LLM validates; its reply is used only when the LLM agrees.
 */
class ParallelValidationTest {

    private static final String VALIDATION = "response_format";

    private final MetricRegistry metrics = new MetricRegistry();
    private final FakeOpenAi openAi = new FakeOpenAi();
    private final ExecutorService speculation = Executors.newFixedThreadPool(4);
    private MigratedDatabase database;
    private SkipFlag flag;
    private LlmClient llm;

    @BeforeEach
    void setUp(@TempDir Path temp) throws IOException {
        database = MigratedDatabase.h2();
        // The shipped definitions with the parallel flag turned on, as the bench's phase C runs them.
        Path bootstrap = temp.resolve("bootstrap.json");
        String shipped = Files.readString(TestApps.repoRoot().resolve("unleash/bootstrap.json"));
        Files.writeString(bootstrap, shipped.replace("\"enabled\": false", "\"enabled\": true"));
        UnleashConfiguration unleash = new UnleashConfiguration();
        unleash.setBootstrapFile(bootstrap.toString());
        flag = SkipFlag.create(unleash, metrics);
        LlmConfiguration configuration = new LlmConfiguration();
        configuration.setApiKey("test-key");
        configuration.setBaseUrl(openAi.baseUrl());
        llm = LlmClient.create(configuration, metrics);
        openAi.answer("GENERATED ANSWER");
    }

    @AfterEach
    void tearDown() throws Exception {
        speculation.shutdownNow();
        flag.stop();
        database.close();
        openAi.close();
    }

    private RequestPipeline pipeline(Intent patternIntent, List<IntentHandler> handlers) {
        KillSwitch killSwitch = new KillSwitch(database.jdbi(), SkipFlag.NAME, Duration.ofHours(1), TestThreads.unmanaged(), Clock.systemUTC(),
                metrics);
        // Below the skip threshold: every request is validated.
        ControlPlane controlPlane = new ControlPlane(text -> new Classification(patternIntent, 0.6, "r"),
                new SkipPolicy(0.9), flag, killSwitch, new IntentValidator(llm), 0.5, SkipListener.NONE,
                RuleTrust.NONE, LabelSink.NONE, metrics);
        return new RequestPipeline(new MeetingResolver(SampleDirectory.accounts(), Clock.systemUTC()), controlPlane,
                handlers, Optional.of(new InteractionStore(database.jdbi())), metrics, Clock.systemUTC(),
                speculation);
    }

    /** A handler that generates with the LLM, as the product and meeting handlers do, and counts its runs. */
    private IntentHandler generating(Intent intent, String label, AtomicInteger runs) {
        return new IntentHandler() {
            @Override
            public Intent intent() {
                return intent;
            }

            @Override
            public boolean usesLlm() {
                return true;
            }

            @Override
            public Reply handle(HandlerRequest request) {
                runs.incrementAndGet();
                LlmResult<String> answer = llm.complete("test_answer", "answer", request.inquiry().text());
                return Reply.text(label + ": " + answer.answer().orElse("no answer"));
            }
        };
    }

    @Test
    void aCorrectedIntentNeverRepliesWithTheSpeculationAndCountsItsTokens() {
        // The speculative generation answers at once; the validation, slower, corrects the intent.
        openAi.answerWhenAfter(VALIDATION, "{\"intent\":\"search_calls\",\"confidence\":0.93}", 400);
        AtomicInteger speculated = new AtomicInteger();
        AtomicInteger right = new AtomicInteger();
        RequestPipeline pipeline = pipeline(Intent.PRODUCT_QUESTION, List.of(
                generating(Intent.PRODUCT_QUESTION, "SPECULATIVE product answer", speculated),
                generating(Intent.SEARCH_CALLS, "calls found", right)));

        try (LogCapture logs = new LogCapture()) {
            PipelineOutcome outcome = pipeline.handle(Inquiry.of("calls about SSO pricing", "U1"), "5pec0001");

            assertThat(outcome.reply().text()).startsWith("calls found").doesNotContain("SPECULATIVE");
            assertThat(outcome.decision().intent()).isEqualTo(Intent.SEARCH_CALLS);
            assertThat(outcome.decision().validation()).isEqualTo(Validation.VALIDATED);
            JsonNode summary = logs.linesWithMessage("Request completed successfully").get(0);
            assertThat(summary.path("speculation").asText()).isEqualTo("discarded");
        }
        assertThat(speculated).hasValue(1);
        assertThat(right).hasValue(1);
        assertThat(metrics.meter("pitcrew.pipeline.speculation.discarded").getCount()).isEqualTo(1);
        assertThat(metrics.meter("pitcrew.pipeline.speculation.agreed").getCount()).isZero();
        // The fake reports 2 tokens a completion: the discarded generation's are counted as wasted.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                metrics.counter("pitcrew.pipeline.speculation.tokens_wasted").getCount()).isEqualTo(2));
        // validation + the discarded generation + the right handler's generation
        assertThat(openAi.requests()).isEqualTo(3);
    }

    @Test
    void anAgreeingValidationRepliesWithTheSpeculationWithoutRunningTheHandlerAgain() {
        openAi.answerWhenAfter(VALIDATION, "{\"intent\":\"product_question\",\"confidence\":0.95}", 200);
        AtomicInteger runs = new AtomicInteger();
        RequestPipeline pipeline = pipeline(Intent.PRODUCT_QUESTION,
                List.of(generating(Intent.PRODUCT_QUESTION, "product answer", runs)));

        try (LogCapture logs = new LogCapture()) {
            PipelineOutcome outcome = pipeline.handle(Inquiry.of("does Growth include SSO?", "U1"), "5pec0002");

            assertThat(outcome.reply().text()).isEqualTo("product answer: GENERATED ANSWER");
            JsonNode summary = logs.linesWithMessage("Request completed successfully").get(0);
            assertThat(summary.path("speculation").asText()).isEqualTo("agreed");
            assertThat(summary.path("stages").fieldNames()).toIterable()
                    .containsExactly("meeting_resolution", "control_plane", "handler");
        }
        assertThat(runs).hasValue(1);
        assertThat(openAi.requests()).isEqualTo(2);
        assertThat(metrics.meter("pitcrew.pipeline.speculation.agreed").getCount()).isEqualTo(1);
        assertThat(metrics.counter("pitcrew.pipeline.speculation.tokens_wasted").getCount()).isZero();
    }

    @Test
    void aDraftIsNeverGeneratedBeforeValidationAgreed() {
        // The LLM corrects a draft_email pattern: no draft may have been generated at all.
        openAi.answerWhen(VALIDATION, "{\"intent\":\"other\",\"confidence\":0.9}");
        AtomicInteger drafts = new AtomicInteger();
        RequestPipeline pipeline = pipeline(Intent.DRAFT_EMAIL,
                List.of(generating(Intent.DRAFT_EMAIL, "DRAFT", drafts), new OtherHandler()));

        PipelineOutcome outcome = pipeline.handle(Inquiry.of("email Tyler the pricing", "U1"), "5pec0003");

        assertThat(outcome.decision().intent()).isEqualTo(Intent.OTHER);
        assertThat(outcome.reply().text()).doesNotContain("DRAFT");
        assertThat(drafts).hasValue(0);
        assertThat(openAi.requests()).isEqualTo(1);
        assertThat(metrics.meter("pitcrew.pipeline.speculation.discarded").getCount()).isZero();
    }

    @Test
    void withTheFlagOffTheHandlerRunsAfterValidationOnly() throws Exception {
        flag.stop();
        UnleashConfiguration shipped = new UnleashConfiguration();
        shipped.setBootstrapFile(TestApps.repoRoot().resolve("unleash/bootstrap.json").toString());
        flag = SkipFlag.create(shipped, metrics);
        openAi.answerWhen(VALIDATION, "{\"intent\":\"search_calls\",\"confidence\":0.93}");
        AtomicInteger speculated = new AtomicInteger();
        AtomicInteger right = new AtomicInteger();
        RequestPipeline pipeline = pipeline(Intent.PRODUCT_QUESTION, List.of(
                generating(Intent.PRODUCT_QUESTION, "SPECULATIVE", speculated),
                generating(Intent.SEARCH_CALLS, "calls found", right)));

        PipelineOutcome outcome = pipeline.handle(Inquiry.of("calls about SSO pricing", "U1"), "5pec0004");

        assertThat(outcome.reply().text()).startsWith("calls found");
        assertThat(speculated).hasValue(0);
        assertThat(openAi.requests()).isEqualTo(2);
    }
}
