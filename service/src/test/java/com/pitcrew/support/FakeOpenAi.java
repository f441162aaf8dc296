package com.pitcrew.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A local OpenAI-compatible chat completions server on a real socket (WireMock), for the LLM paths. */
public final class FakeOpenAi implements AutoCloseable {

    private static final String PATH = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    public FakeOpenAi() {
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /** Every completion answers with {@code content} as the assistant message. */
    public void answer(String content) {
        respond(aResponse().withHeader("Content-Type", "application/json").withBody(completion(content, null)));
    }

    public void refuse(String refusal) {
        respond(aResponse().withHeader("Content-Type", "application/json").withBody(completion(null, refusal)));
    }

    public void answerAfter(String content, int delayMillis) {
        respond(aResponse().withHeader("Content-Type", "application/json").withBody(completion(content, null))
                .withFixedDelay(delayMillis));
    }

    public void fail(int status) {
        respond(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "0")
                .withBody("{\"error\":{\"message\":\"fake failure\",\"type\":\"server_error\"}}"));
    }

    public void garbage(String body) {
        respond(aResponse().withHeader("Content-Type", "application/json").withBody(body));
    }

    /**
     * Besides the current answer: completions whose request body contains {@code bodyContains} (e.g. a message
     * text) answer {@code content} instead.
     */
    public void answerWhen(String bodyContains, String content) {
        server.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(bodyContains))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(completion(content, null))));
    }

    /** {@link #answerWhen} for a request body containing every one of {@code parts}. */
    public void answerWhenAll(List<String> parts, String content) {
        var mapping = post(urlEqualTo(PATH)).atPriority(1);
        for (String part : parts) {
            mapping = mapping.withRequestBody(containing(part));
        }
        server.stubFor(mapping.willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(completion(content, null))));
    }

    /** {@link #answerWhen}, answered after {@code delayMillis}: a slow validation beside a fast generation. */
    public void answerWhenAfter(String bodyContains, String content, int delayMillis) {
        server.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(bodyContains))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(completion(content, null)).withFixedDelay(delayMillis)));
    }

    private void respond(ResponseDefinitionBuilder response) {
        server.resetMappings();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    public int requests() {
        return server.countRequestsMatching(postRequestedFor(urlEqualTo(PATH)).build()).getCount();
    }

    /** The JSON bodies of the completion requests received, oldest first: what the prompts said. */
    public List<String> requestBodies() {
        return server.findAll(postRequestedFor(urlEqualTo(PATH))).stream()
                .map(request -> request.getBodyAsString()).toList();
    }

    public void resetRequests() {
        server.resetRequests();
    }

    private static String completion(String content, String refusal) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", refusal);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-fake");
        body.put("object", "chat.completion");
        body.put("created", 1_700_000_000);
        body.put("model", "gpt-4o-mini");
        body.put("choices", List.of(Map.of("index", 0, "message", message, "finish_reason", "stop")));
        body.put("usage", Map.of("prompt_tokens", 1, "completion_tokens", 1, "total_tokens", 2));
        try {
            return JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
