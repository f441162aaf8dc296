package com.pitcrew.intent;

import com.pitcrew.support.TestThreads;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.rollout.KillSwitch;
import com.pitcrew.rollout.SkipFlag;
import com.pitcrew.rollout.UnleashConfiguration;
import com.pitcrew.support.FakeOpenAi;
import com.pitcrew.support.TestApps;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The two examples through the real classifier, the shipped flag bootstrap and a fake OpenAI. */
class ControlPlaneExamplesTest {

    private final MetricRegistry metrics = new MetricRegistry();
    private final FakeOpenAi openAi = new FakeOpenAi();
    private MigratedDatabase database;
    private SkipFlag flag;
    private ControlPlane controlPlane;

    @BeforeEach
    void setUp() {
        database = MigratedDatabase.h2();
        UnleashConfiguration unleash = new UnleashConfiguration();
        unleash.setBootstrapFile(TestApps.repoRoot().resolve("unleash/bootstrap.json").toString());
        flag = SkipFlag.create(unleash, metrics);
        LlmConfiguration llm = new LlmConfiguration();
        llm.setApiKey("test-key");
        llm.setBaseUrl(openAi.baseUrl());
        KillSwitch killSwitch = new KillSwitch(database.jdbi(), SkipFlag.NAME, Duration.ofHours(1),
                TestThreads.unmanaged(), Clock.systemUTC(), metrics);
        controlPlane = new ControlPlane(PatternClassifier.loadDefault(), new SkipPolicy(SkipThreshold.DEFAULT), flag,
                killSwitch, new IntentValidator(LlmClient.create(llm, metrics)), 0.5, SkipListener.NONE, RuleTrust.NONE, LabelSink.NONE, metrics);
    }

    @AfterEach
    void tearDown() throws Exception {
        flag.stop();
        database.close();
        openAi.close();
    }

    @Test
    void searchingCallsAboutPricingSkipsTheLlm() {
        IntentDecision decision = controlPlane.decide(Inquiry.of("search all recent calls about pricing", "U1"));
        assertThat(decision.intent()).isEqualTo(Intent.SEARCH_CALLS);
        assertThat(decision.validation()).isEqualTo(Validation.SKIPPED);
        assertThat(openAi.requests()).isZero();
    }

    @Test
    void draftingAnEmailToTylerIsValidated() {
        openAi.answer("{\"intent\":\"draft_email\",\"confidence\":0.97}");
        IntentDecision decision = controlPlane.decide(Inquiry.of("draft an email to Tyler", "U1"));
        assertThat(decision.pattern().intent()).isEqualTo(Intent.DRAFT_EMAIL);
        assertThat(decision.intent()).isEqualTo(Intent.DRAFT_EMAIL);
        assertThat(decision.validation()).isEqualTo(Validation.VALIDATED);
        assertThat(openAi.requests()).isEqualTo(1);
    }
}
