package com.pitcrew.intent;

import com.pitcrew.support.TestThreads;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.observability.LogCapture;
import com.pitcrew.rollout.KillSwitch;
import com.pitcrew.rollout.SkipFlag;
import com.pitcrew.rollout.UnleashConfiguration;
import com.pitcrew.support.FakeOpenAi;
import io.dropwizard.util.Duration;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control plane with its real parts: Unleash offline, the kill switch on H2, a fake OpenAI over HTTP. */
class ControlPlaneTest {

    private static final FakeOpenAi OPENAI = new FakeOpenAi();
    private static MigratedDatabase database;
    private static Jdbi jdbi;

    private final MetricRegistry metrics = new MetricRegistry();
    private final List<Classification> skipped = new ArrayList<>();
    private final List<ProductionLabel> labels = new ArrayList<>();
    private LabelSink labelSink = labels::add;
    private RuleTrust ruleTrust = RuleTrust.NONE;
    private KillSwitch killSwitch;
    private SkipFlag flag;

    @BeforeAll
    static void startDatabase() {
        database = MigratedDatabase.h2();
        jdbi = database.jdbi();
    }

    @AfterAll
    static void stopAll() throws Exception {
        database.close();
        OPENAI.close();
    }

    @BeforeEach
    void setUp() {
        OPENAI.resetRequests();
        killSwitch = new KillSwitch(jdbi, SkipFlag.NAME, java.time.Duration.ofHours(1), TestThreads.unmanaged(), Clock.systemUTC(), metrics);
        killSwitch.clear("test start", "test");
    }

    @AfterEach
    void tearDown() {
        if (flag != null) {
            flag.stop();
        }
    }

    private ControlPlane controlPlane(String bootstrap, Classification pattern) {
        UnleashConfiguration unleash = new UnleashConfiguration();
        unleash.setBootstrapFile(resource("/unleash/" + bootstrap + ".json"));
        flag = SkipFlag.create(unleash, metrics);
        LlmConfiguration llm = new LlmConfiguration();
        llm.setApiKey("test-key");
        llm.setBaseUrl(OPENAI.baseUrl());
        llm.setTimeout(Duration.seconds(2));
        LlmClient client = LlmClient.create(llm, metrics);
        return new ControlPlane(text -> pattern, new SkipPolicy(0.9), flag, killSwitch, new IntentValidator(client),
                0.5, (inquiry, classification) -> skipped.add(classification), () -> ruleTrust.view(),
                label -> labelSink.record(label), metrics);
    }

    private static String resource(String name) {
        try {
            return Path.of(ControlPlaneTest.class.getResource(name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inquiry inquiry() {
        return Inquiry.of("search all recent calls about pricing", "U123");
    }

    @Test
    void confidentEligibleRequestSkipsTheLlmAndSaysSo() {
        Classification pattern = new Classification(Intent.SEARCH_CALLS, 0.96, "search-verb-calls");
        try (LogCapture logs = new LogCapture()) {
            IntentDecision decision = controlPlane("flag-on", pattern).decide(inquiry());

            assertThat(decision).isEqualTo(new IntentDecision(Intent.SEARCH_CALLS, 0.96, Validation.SKIPPED, true,
                    pattern));
            assertThat(OPENAI.requests()).isZero();
            JsonNode line = logs.linesWithMessage("skipping LLM validation").get(0);
            assertThat(line.path("intent").asText()).isEqualTo("search_calls");
            assertThat(line.path("confidence").asDouble()).isEqualTo(0.96);
            assertThat(line.path("threshold").asDouble()).isEqualTo(0.9);
        }
        assertThat(skipped).containsExactly(pattern);
    }

    @Test
    void flagOffValidates() {
        OPENAI.answer("{\"intent\":\"search_calls\",\"confidence\":0.93}");
        IntentDecision decision = controlPlane("flag-off",
                new Classification(Intent.SEARCH_CALLS, 0.96, "r")).decide(inquiry());
        assertThat(decision.validation()).isEqualTo(Validation.VALIDATED);
        assertThat(decision.flagOn()).isFalse();
        assertThat(decision.confidence()).isEqualTo(0.93);
        assertThat(OPENAI.requests()).isEqualTo(1);
    }

    @Test
    void draftEmailIsAlwaysValidated() {
        OPENAI.answer("{\"intent\":\"draft_email\",\"confidence\":0.99}");
        IntentDecision decision = controlPlane("flag-on",
                new Classification(Intent.DRAFT_EMAIL, 0.99, "r")).decide(Inquiry.of("draft an email to Tyler", "U1"));
        assertThat(decision.validation()).isEqualTo(Validation.VALIDATED);
        assertThat(decision.intent()).isEqualTo(Intent.DRAFT_EMAIL);
        assertThat(skipped).isEmpty();
    }

    @Test
    void belowTheThresholdValidates() {
        OPENAI.answer("{\"intent\":\"meeting_question\",\"confidence\":0.8}");
        IntentDecision decision = controlPlane("flag-on",
                new Classification(Intent.SEARCH_CALLS, 0.7, "r")).decide(inquiry());
        assertThat(decision.validation()).isEqualTo(Validation.VALIDATED);
        assertThat(decision.intent()).as("the LLM's correction wins").isEqualTo(Intent.MEETING_QUESTION);
        assertThat(metrics.meter("pitcrew.control_plane.validation.corrected").getCount()).isEqualTo(1);
    }

    @Test
    void aVariantThresholdAppliesToItsUsers() {
        IntentDecision decision = controlPlane("variant-threshold",
                new Classification(Intent.SEARCH_CALLS, 0.6, "r")).decide(inquiry());
        assertThat(decision.validation()).isEqualTo(Validation.SKIPPED);
    }

    @Test
    void theKillSwitchOverridesTheFlag() {
        OPENAI.answer("{\"intent\":\"search_calls\",\"confidence\":0.95}");
        ControlPlane controlPlane = controlPlane("flag-on", new Classification(Intent.SEARCH_CALLS, 0.99, "r"));
        killSwitch.engage("shadow precision 0.80 < 0.85", "test");
        IntentDecision decision = controlPlane.decide(inquiry());
        assertThat(decision.validation()).isEqualTo(Validation.VALIDATED);
        assertThat(metrics.meter("pitcrew.control_plane.skip_policy.kill_switch").getCount()).isEqualTo(1);
    }

    @Test
    void llmDownFallsBackToAConfidentEnoughPattern() {
        OPENAI.fail(500);
        IntentDecision decision = controlPlane("flag-off",
                new Classification(Intent.PRODUCT_QUESTION, 0.7, "r")).decide(inquiry());
        assertThat(decision.validation()).isEqualTo(Validation.UNAVAILABLE);
        assertThat(decision.intent()).isEqualTo(Intent.PRODUCT_QUESTION);
    }

    @Test
    void llmDownWithAWeakPatternAsksToRephrase() {
        OPENAI.fail(503);
        IntentDecision decision = controlPlane("flag-off",
                new Classification(Intent.MEETING_QUESTION, 0.3, "r")).decide(inquiry());
        assertThat(decision.validation()).isEqualTo(Validation.UNAVAILABLE);
        assertThat(decision.intent()).isEqualTo(Intent.OTHER);
    }

    @Test
    void anAnswerOutsideTheIntentListIsUnavailable() {
        OPENAI.answer("{\"intent\":\"order_pizza\",\"confidence\":0.9}");
        IntentDecision decision = controlPlane("flag-off",
                new Classification(Intent.HELP, 0.8, "r")).decide(inquiry());
        assertThat(decision.validation()).isEqualTo(Validation.UNAVAILABLE);
        assertThat(decision.intent()).isEqualTo(Intent.HELP);
    }

    @Test
    void slowLlmIsUnavailableNotAnError() {
        OPENAI.answerAfter("{\"intent\":\"help\",\"confidence\":0.9}", 3_000);
        UnleashConfiguration unleash = new UnleashConfiguration();
        unleash.setBootstrapFile(resource("/unleash/flag-off.json"));
        flag = SkipFlag.create(unleash, metrics);
        LlmConfiguration llm = new LlmConfiguration();
        llm.setApiKey("test-key");
        llm.setBaseUrl(OPENAI.baseUrl());
        llm.setTimeout(Duration.milliseconds(200));
        ControlPlane controlPlane = new ControlPlane(text -> new Classification(Intent.HELP, 0.8, "r"),
                new SkipPolicy(0.9), flag, killSwitch, new IntentValidator(LlmClient.create(llm, metrics)), 0.5,
                SkipListener.NONE, RuleTrust.NONE, LabelSink.NONE, metrics);
        assertThat(controlPlane.decide(inquiry()).validation()).isEqualTo(Validation.UNAVAILABLE);
        assertThat(metrics.meter("pitcrew.control_plane.validation.unavailable.timeout").getCount()).isEqualTo(1);
    }

    @Test
    void everyLlmAnswerOnTheRequestPathLabelsThePatternsVerdict() {
        OPENAI.answer("{\"intent\":\"meeting_question\",\"confidence\":0.8}");
        Classification pattern = new Classification(Intent.SEARCH_CALLS, 0.96, "search-verb-calls");
        try (CorrelationId.MdcScope ignored = CorrelationId.bind("cafe0123")) {
            controlPlane("flag-off", pattern).decide(inquiry());
        }
        assertThat(labels).containsExactly(new ProductionLabel("search all recent calls about pricing", pattern,
                Intent.MEETING_QUESTION, ProductionLabel.Source.VALIDATED, "cafe0123"));
        assertThat(labels.get(0).agreed()).isFalse();
    }

    @Test
    void skippedAndUnavailableRequestsLabelNothing() {
        controlPlane("flag-on", new Classification(Intent.SEARCH_CALLS, 0.96, "r")).decide(inquiry());
        flag.stop();
        OPENAI.fail(500);
        controlPlane("flag-off", new Classification(Intent.SEARCH_CALLS, 0.96, "r")).decide(inquiry());
        assertThat(labels).isEmpty();
    }

    @Test
    void aFailingLabelSinkNeverFailsTheRequest() {
        OPENAI.answer("{\"intent\":\"search_calls\",\"confidence\":0.9}");
        labelSink = label -> {
            throw new IllegalStateException("queue gone");
        };
        IntentDecision decision = controlPlane("flag-off", new Classification(Intent.SEARCH_CALLS, 0.96, "r"))
                .decide(inquiry());
        assertThat(decision.validation()).isEqualTo(Validation.VALIDATED);
        assertThat(metrics.counter("pitcrew.control_plane.label_failed").getCount()).isEqualTo(1);
    }

    @Test
    void productionTrustLowersTheConfidenceBeforeTheSkipPolicy() {
        OPENAI.answer("{\"intent\":\"search_calls\",\"confidence\":0.9}");
        Classification calibrated = new Classification(Intent.SEARCH_CALLS, 0.96, "weak-rule");
        RuleAgreement agreement = new RuleAgreement(50, 44);
        ruleTrust = () -> new RuleTrustView(Map.of("weak-rule", agreement), Set.of(), 30);

        IntentDecision decision = controlPlane("flag-on", calibrated).decide(inquiry());

        assertThat(decision.validation()).as("0.88 precision gives a bound below 0.9").isEqualTo(Validation.VALIDATED);
        assertThat(decision.pattern().confidence()).isEqualTo(agreement.lowerBound());
        assertThat(metrics.meter("pitcrew.control_plane.skip_policy.below_threshold").getCount()).isEqualTo(1);
        assertThat(labels).singleElement().extracting(ProductionLabel::pattern)
                .as("labels keep the calibrated claim the rule is judged on").isEqualTo(calibrated);
    }

    @Test
    void anOpenRuleBreakerValidatesThatRuleOnly() {
        OPENAI.answer("{\"intent\":\"search_calls\",\"confidence\":0.9}");
        ruleTrust = () -> new RuleTrustView(Map.of(), Set.of("tripped-rule"), 30);

        IntentDecision tripped = controlPlane("flag-on", new Classification(Intent.SEARCH_CALLS, 0.96,
                "tripped-rule")).decide(inquiry());
        flag.stop();
        IntentDecision other = controlPlane("flag-on", new Classification(Intent.SEARCH_CALLS, 0.96,
                "healthy-rule")).decide(inquiry());

        assertThat(tripped.validation()).isEqualTo(Validation.VALIDATED);
        assertThat(metrics.meter("pitcrew.control_plane.skip_policy.rule_breaker").getCount()).isEqualTo(1);
        assertThat(other.validation()).isEqualTo(Validation.SKIPPED);
    }
}
