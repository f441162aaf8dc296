package com.pitcrew.knowledge;

import com.pitcrew.support.TestThreads;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.IntentDecision;
import com.pitcrew.intent.Validation;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.pipeline.HandlerRequest;
import com.pitcrew.pipeline.MeetingScope;
import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.ReplyItem;
import com.pitcrew.storage.TestDatabase;
import io.dropwizard.util.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProductQuestionHandlerTest {

    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"logprobs\":null,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Yes: SSO/SAML is included in Growth and Enterprise.\","
            + "\"refusal\":null}}]}";

    private final WireMockServer openAi = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    @BeforeEach
    void start() {
        openAi.start();
    }

    @AfterEach
    void stop() {
        openAi.stop();
    }

    private static HandlerRequest ask(String text) {
        Classification pattern = new Classification(Intent.PRODUCT_QUESTION, 0.95, "test");
        return new HandlerRequest("cafe0123", Inquiry.of(text, "U123"), MeetingScope.empty(),
                new IntentDecision(Intent.PRODUCT_QUESTION, 0.95, Validation.SKIPPED, true, pattern));
    }

    private static LlmClient noLlm() {
        return LlmClient.create(new LlmConfiguration(), new MetricRegistry());
    }

    private LlmClient fakeLlm() {
        LlmConfiguration configuration = new LlmConfiguration();
        configuration.setApiKey("test-key");
        configuration.setBaseUrl("http://127.0.0.1:" + openAi.port() + "/v1");
        configuration.setMaxRetries(0);
        configuration.setTimeout(Duration.seconds(5));
        return LlmClient.create(configuration, new MetricRegistry());
    }

    /** The default configuration: no Airtable settings, so start() seeds the sample base. */
    private static ProductKnowledge sampleMode(KnowledgeDb db, LlmClient llm) throws Exception {
        FakeTime time = new FakeTime();
        ProductKnowledge knowledge = new ProductKnowledge(new AirtableConfiguration(), db.jdbi(), Records.JSON,
                new MetricRegistry(), llm, TestThreads.unmanaged(), time.clock(), time, time);
        knowledge.start();
        return knowledge;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void withTheDefaultConfigTheSampleBaseAnswersGrowthSsoWithRetrievedFacts(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            ProductKnowledge knowledge = sampleMode(db, noLlm());
            try {
                Reply reply = knowledge.productQuestionHandler().handle(ask("does the Growth plan include SSO?"));

                assertThat(reply.generated()).isFalse();
                assertThat(reply.text()).startsWith(ProductQuestionHandler.RETRIEVED_NOTE);
                assertThat(reply.items()).isNotEmpty();
                assertThat(reply.items().get(0).title()).isEqualTo("Features: SSO/SAML");
                assertThat(reply.items().get(0).detail()).startsWith("plans: Growth, Enterprise");
                assertThat(db.count("product_snapshots")).isEqualTo(1);
            } finally {
                knowledge.stop();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void restartingOnSeededTablesKeepsThemAndTheSnapshot(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            sampleMode(db, noLlm()).stop();
            db.jdbi().useHandle(handle -> handle.execute("DELETE FROM product_faqs"));

            ProductKnowledge restarted = sampleMode(db, noLlm());
            restarted.stop();

            assertThat(db.count("product_faqs")).as("the sample does not overwrite stored data").isZero();
            assertThat(db.count("product_snapshots")).as("rebuilt because the tables changed").isEqualTo(2);
        }
    }

    @Test
    void otherQuestionsFindTheirRecords() throws Exception {
        try (KnowledgeDb db = new KnowledgeDb("h2")) {
            ProductKnowledge knowledge = sampleMode(db, noLlm());
            try {
                ProductQuestionHandler handler = knowledge.productQuestionHandler();
                assertThat(firstTitle(handler.handle(ask("do we have a HIPAA BAA?")))).isEqualTo("Compliance: HIPAA BAA");
                assertThat(firstTitle(handler.handle(ask("how much is Enterprise per seat?"))))
                        .isEqualTo("Plans: Enterprise");
                assertThat(firstTitle(handler.handle(ask("Salesforce integration?")))).isEqualTo("Integrations: Salesforce");
                assertThat(handler.handle(ask("the of and")).text()).isEqualTo(ProductQuestionHandler.NOTHING_FOUND);
            } finally {
                knowledge.stop();
            }
        }
    }

    private static String firstTitle(Reply reply) {
        return reply.items().stream().findFirst().map(ReplyItem::title).orElse("none");
    }

    @Test
    void withAnLlmTheAnswerIsGeneratedFromTheSnapshotPrompt() throws Exception {
        openAi.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(COMPLETION)));
        try (KnowledgeDb db = new KnowledgeDb("h2")) {
            ProductKnowledge knowledge = sampleMode(db, fakeLlm());
            try {
                Reply reply = knowledge.productQuestionHandler().handle(ask("does the Growth plan include SSO?"));

                assertThat(reply.generated()).isTrue();
                assertThat(reply.text()).isEqualTo("Yes: SSO/SAML is included in Growth and Enterprise.");
                openAi.verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                        .withRequestBody(containing("SSO/SAML | plans: Growth, Enterprise"))
                        .withRequestBody(containing("does the Growth plan include SSO?")));
            } finally {
                knowledge.stop();
            }
        }
    }

    @Test
    void whenTheLlmFailsTheAnswerFallsBackToRetrieval() throws Exception {
        openAi.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)));
        try (KnowledgeDb db = new KnowledgeDb("h2")) {
            ProductKnowledge knowledge = sampleMode(db, fakeLlm());
            try {
                Reply reply = knowledge.productQuestionHandler().handle(ask("does the Growth plan include SSO?"));

                assertThat(reply.generated()).isFalse();
                assertThat(reply.text()).startsWith(ProductQuestionHandler.RETRIEVED_NOTE);
                assertThat(firstTitle(reply)).isEqualTo("Features: SSO/SAML");
            } finally {
                knowledge.stop();
            }
        }
    }
}
