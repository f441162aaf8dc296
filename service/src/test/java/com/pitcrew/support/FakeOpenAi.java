package com.pitcrew.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local OpenAI-compatible chat completions server on a real socket (WireMock), for the LLM paths. Every answer is
 * given both ways: as one JSON completion, and as server-sent chunks (a word each) to a request that asks for a
 * stream, as the real API does.
 */
public final class FakeOpenAi implements AutoCloseable {

    private static final String PATH = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How openai-java asks for a stream in the request body. */
    private static final String STREAMED = "\"stream\":true";

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    public FakeOpenAi() {
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /** Every completion answers with {@code content} as the assistant message. */
    public void answer(String content) {
        server.resetMappings();
        stubBoth(() -> post(urlEqualTo(PATH)), content, 0);
    }

    public void refuse(String refusal) {
        respond(aResponse().withHeader("Content-Type", "application/json").withBody(completion(null, refusal)));
    }

    public void answerAfter(String content, int delayMillis) {
        server.resetMappings();
        stubBoth(() -> post(urlEqualTo(PATH)), content, delayMillis);
    }

    /**
     * Like {@link #answer}, but a streamed answer trickles in over {@code totalMillis} (in {@code pieces} parts),
     * as a model writes it, so a stream sees it arrive over time.
     */
    public void answerStreamedOver(String content, int pieces, int totalMillis) {
        server.resetMappings();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(json(completion(content, null))));
        server.stubFor(post(urlEqualTo(PATH)).withRequestBody(containing(STREAMED)).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody(chunks(content, true))
                .withChunkedDribbleDelay(pieces, totalMillis)));
    }

    /**
     * Streamed requests get the chunks of {@code shownFirst}, then a chunk that is not JSON: a stream that breaks
     * part-way. Requests without a stream answer {@code shownFirst} whole.
     */
    public void answerStreamBreakingAfter(String shownFirst) {
        server.resetMappings();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(json(completion(shownFirst, null))));
        server.stubFor(post(urlEqualTo(PATH)).withRequestBody(containing(STREAMED)).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody(chunks(shownFirst, false) + "data: {\"id\": \"chatcmpl-fake\", broken\n\n")));
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
        stubBoth(() -> post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(bodyContains)), content, 0);
    }

    /** {@link #answerWhen} for a request body containing every one of {@code parts}. */
    public void answerWhenAll(List<String> parts, String content) {
        stubBoth(() -> {
            MappingBuilder mapping = post(urlEqualTo(PATH)).atPriority(1);
            for (String part : parts) {
                mapping = mapping.withRequestBody(containing(part));
            }
            return mapping;
        }, content, 0);
    }

    /** {@link #answerWhen}, answered after {@code delayMillis}: a slow validation beside a fast generation. */
    public void answerWhenAfter(String bodyContains, String content, int delayMillis) {
        stubBoth(() -> post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(bodyContains)), content,
                delayMillis);
    }

    /** The JSON answer for {@code mapping}, and (added later, so it wins when both match) the streamed one. */
    private void stubBoth(Supplier<MappingBuilder> mapping, String content, int delayMillis) {
        server.stubFor(mapping.get().willReturn(json(completion(content, null)).withFixedDelay(delayMillis)));
        server.stubFor(mapping.get().withRequestBody(containing(STREAMED)).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody(chunks(content, true))
                .withFixedDelay(delayMillis)));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    /** Server-sent events as the API streams a completion: a word a chunk, then the usage, then [DONE]. */
    private static String chunks(String content, boolean complete) {
        StringBuilder events = new StringBuilder();
        Matcher words = Pattern.compile("\\S+\\s*|\\s+").matcher(content);
        while (words.find()) {
            events.append(chunk(Map.of("content", words.group()), null, null));
        }
        if (complete) {
            events.append(chunk(Map.of(), "stop", null));
            events.append(chunk(null, null, Map.of("prompt_tokens", 1, "completion_tokens", 1, "total_tokens", 2)));
            events.append("data: [DONE]\n\n");
        }
        return events.toString();
    }

    private static String chunk(Map<String, Object> delta, String finishReason, Map<String, Object> usage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-fake");
        body.put("object", "chat.completion.chunk");
        body.put("created", 1_700_000_000);
        body.put("model", "gpt-4o-mini");
        if (delta == null) {
            body.put("choices", List.of());
        } else {
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("delta", delta);
            choice.put("finish_reason", finishReason);
            body.put("choices", List.of(choice));
        }
        if (usage != null) {
            body.put("usage", usage);
        }
        try {
            return "data: " + JSON.writeValueAsString(body) + "\n\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
