package com.pitcrew.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.support.FakeOpenAi;
import com.pitcrew.support.MutableClock;
import io.dropwizard.util.Duration;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LlmClientTest {

    private static final FakeOpenAi OPENAI = new FakeOpenAi();
    private static final Map<String, Object> SCHEMA = Map.of("type", "object",
            "properties", Map.of("intent", Map.of("type", "string")), "required", List.of("intent"));

    private final MetricRegistry metrics = new MetricRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @AfterAll
    static void stopFake() {
        OPENAI.close();
    }

    @BeforeEach
    void resetFake() {
        OPENAI.resetRequests();
    }

    private LlmClient client(int timeoutMillis) {
        LlmConfiguration configuration = new LlmConfiguration();
        configuration.setApiKey("test-key");
        configuration.setBaseUrl(OPENAI.baseUrl());
        configuration.setTimeout(Duration.milliseconds(timeoutMillis));
        configuration.setCircuitMinimumCalls(2);
        configuration.setCircuitOpenFor(Duration.seconds(30));
        return LlmClient.create(configuration, metrics, clock);
    }

    private LlmResult<JsonNode> ask(LlmClient client) {
        return client.completeJson("test", "system", "user", "test_schema", SCHEMA);
    }

    @Test
    void structuredAnswerIsParsed() {
        OPENAI.answer("{\"intent\":\"search_calls\"}");
        LlmResult<JsonNode> result = ask(client(2000));
        assertThat(result.answer()).get().extracting(node -> node.path("intent").asText()).isEqualTo("search_calls");
        assertThat(metrics.counter("pitcrew.llm.test.answered").getCount()).isEqualTo(1);
    }

    @Test
    void streamedAnswerArrivesInPiecesAndWhole() {
        OPENAI.answer("Acme asked about **pricing** twice.");
        List<String> pieces = new java.util.ArrayList<>();
        LlmResult<String> result = client(2000).completeStreaming("test", "system", "user", pieces::add);
        assertThat(result.answer()).contains("Acme asked about **pricing** twice.");
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(String.join("", pieces)).isEqualTo("Acme asked about **pricing** twice.");
        assertThat(OPENAI.requestBodies().get(0)).contains("\"stream\":true").contains("include_usage");
        assertThat(metrics.counter("pitcrew.llm.test.tokens").getCount()).as("usage from the last chunk")
                .isEqualTo(2);
    }

    @Test
    void streamThatBreaksPartWayIsUnavailableAfterItsFirstPieces() {
        OPENAI.answerStreamBreakingAfter("Acme asked about");
        List<String> pieces = new java.util.ArrayList<>();
        LlmResult<String> result = client(2000).completeStreaming("test", "system", "user", pieces::add);
        assertThat(result).isInstanceOf(LlmResult.Unavailable.class);
        assertThat(String.join("", pieces)).isEqualTo("Acme asked about");
    }

    @Test
    void sinkThatThrowsDoesNotFailTheAnswer() {
        OPENAI.answer("The whole answer.");
        LlmResult<String> result = client(2000).completeStreaming("test", "system", "user", text -> {
            throw new IllegalStateException("display gone");
        });
        assertThat(result.answer()).contains("The whole answer.");
        assertThat(metrics.counter("pitcrew.llm.test.stream_sink_failed").getCount()).isEqualTo(1);
    }

    @Test
    void noKeyMeansNotConfiguredWithoutAnyCall() {
        LlmConfiguration configuration = new LlmConfiguration();
        configuration.setBaseUrl(OPENAI.baseUrl());
        LlmClient client = LlmClient.create(configuration, metrics, clock);
        assertThat(client.configured()).isFalse();
        assertThat(ask(client)).isEqualTo(new LlmResult.Unavailable<>(LlmResult.Reason.NOT_CONFIGURED,
                "no OPENAI_API_KEY configured"));
        assertThat(OPENAI.requests()).isZero();
    }

    @Test
    void slowServerTimesOutAfterOneRetry() {
        OPENAI.answerAfter("{\"intent\":\"help\"}", 5_000);
        LlmResult<JsonNode> result = ask(client(200));
        assertThat(result).isInstanceOfSatisfying(LlmResult.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).isEqualTo(LlmResult.Reason.TIMEOUT));
        assertThat(OPENAI.requests()).as("first attempt plus one retry").isEqualTo(2);
    }

    @Test
    void rateLimitedIsReported() {
        OPENAI.fail(429);
        assertThat(reason(ask(client(2000)))).isEqualTo(LlmResult.Reason.RATE_LIMITED);
        assertThat(metrics.counter("pitcrew.llm.test.unavailable.rate_limited").getCount()).isEqualTo(1);
    }

    @Test
    void serverErrorIsReported() {
        OPENAI.fail(500);
        assertThat(reason(ask(client(2000)))).isEqualTo(LlmResult.Reason.SERVER_ERROR);
    }

    @Test
    void garbageOutputIsMalformed() {
        OPENAI.answer("this is not json at all");
        assertThat(reason(ask(client(2000)))).isEqualTo(LlmResult.Reason.MALFORMED);
    }

    @Test
    void garbageHttpBodyIsAnAnswerlessResultNotAnException() {
        OPENAI.garbage("<html>bad gateway</html>");
        assertThat(ask(client(2000))).isInstanceOf(LlmResult.Unavailable.class);
    }

    @Test
    void refusalIsReported() {
        OPENAI.refuse("I cannot help with that");
        assertThat(reason(ask(client(2000)))).isEqualTo(LlmResult.Reason.REFUSED);
    }

    @Test
    void circuitOpensOnFailuresAndLetsAProbeThroughLater() {
        LlmClient client = client(2000);
        OPENAI.fail(500);
        ask(client);
        ask(client);
        assertThat(client.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

        int before = OPENAI.requests();
        assertThat(reason(ask(client))).isEqualTo(LlmResult.Reason.CIRCUIT_OPEN);
        assertThat(OPENAI.requests()).as("an open circuit does not call the endpoint").isEqualTo(before);

        OPENAI.answer("{\"intent\":\"help\"}");
        clock.advance(java.time.Duration.ofSeconds(31));
        assertThat(ask(client).answer()).as("the probe goes through and succeeds").isPresent();
        assertThat(client.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void malformedOutputDoesNotOpenTheCircuit() {
        LlmClient client = client(2000);
        OPENAI.answer("nope");
        for (int i = 0; i < 5; i++) {
            ask(client);
        }
        assertThat(client.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private static LlmResult.Reason reason(LlmResult<?> result) {
        assertThat(result).isInstanceOf(LlmResult.Unavailable.class);
        return ((LlmResult.Unavailable<?>) result).reason();
    }
}
