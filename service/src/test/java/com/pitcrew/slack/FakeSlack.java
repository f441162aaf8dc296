package com.pitcrew.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local fake of the Slack Web API over HTTP (WireMock): auth.test, chat.postMessage (a fresh ts each time),
 * chat.update, reactions.add and reactions.remove. Calls are read back as decoded form fields, posts with the ts the
 * fake gave them. Thread-safe as WireMock is.
 */
final class FakeSlack implements AutoCloseable {

    static final String BOT_USER = "U0PITBOT";

    private final WireMockServer server;

    FakeSlack() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().globalTemplating(true));
        server.start();
        stubDefaults();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.port() + "/api/";
    }

    void stubDefaults() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/api/auth.test")).willReturn(okJson("""
                {"ok":true,"url":"https://pitcrew.slack.com/","team":"PitCrew","user":"pitcrew","team_id":"T0PITCREW",
                 "user_id":"%s","bot_id":"B0PITBOT"}""".formatted(BOT_USER))));
        server.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(okJson("""
                {"ok":true,"channel":"C0DEALS01","ts":"1700000100.{{randomValue length=6 type='NUMERIC'}}{{randomValue length=4 type='NUMERIC'}}",
                 "message":{"type":"message","text":"ok"}}""")));
        server.stubFor(post(urlEqualTo("/api/chat.startStream")).willReturn(okJson("""
                {"ok":true,"channel":"C0DEALS01","ts":"1700000300.{{randomValue length=6 type='NUMERIC'}}{{randomValue length=4 type='NUMERIC'}}"}""")));
        server.stubFor(post(urlEqualTo("/api/chat.appendStream")).willReturn(okJson("{\"ok\":true}")));
        server.stubFor(post(urlEqualTo("/api/chat.stopStream")).willReturn(okJson("{\"ok\":true}")));
        server.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("""
                {"ok":true,"channel":"C0DEALS01","ts":"1700000100.000001","text":"ok"}""")));
        server.stubFor(post(urlEqualTo("/api/reactions.add")).willReturn(okJson("{\"ok\":true}")));
        server.stubFor(post(urlEqualTo("/api/reactions.remove")).willReturn(okJson("{\"ok\":true}")));
        for (String method : java.util.List.of("setStatus", "setTitle", "setSuggestedPrompts")) {
            server.stubFor(post(urlEqualTo("/api/assistant.threads." + method)).willReturn(okJson("{\"ok\":true}")));
        }
        server.stubFor(post(urlEqualTo("/api/conversations.info")).willReturn(okJson(
                "{\"ok\":false,\"error\":\"channel_not_found\"}")));
        server.stubFor(post(urlEqualTo("/api/chat.postEphemeral")).willReturn(okJson(
                "{\"ok\":true,\"message_ts\":\"1700000200.000001\"}")));
    }

    /** Calls of {@code method} whose form contains {@code formContains} answer {@code json}. */
    void answerWhen(String method, String formContains, String json) {
        server.stubFor(post(urlEqualTo("/api/" + method)).atPriority(1).withRequestBody(containing(formContains))
                .willReturn(okJson(json)));
    }

    /** Every call of {@code method} answers Slack's error {@code error} (HTTP 200, {@code ok: false}). */
    void answerError(String method, String error) {
        server.stubFor(post(urlEqualTo("/api/" + method)).willReturn(okJson(
                "{\"ok\":false,\"error\":\"" + error + "\"}")));
    }

    /** The next call of {@code method} answers Slack's error {@code error}, then the normal answer. */
    void answerErrorNext(String method, String error) {
        answerNextOnce(method, okJson("{\"ok\":false,\"error\":\"" + error + "\"}"));
    }

    /** A message the fake accepted: the channel and the ts it answered with. */
    record Posted(String channel, String ts, Map<String, String> fields) {
    }

    /**
     * Every message the bot put in Slack, in order: each chat.postMessage and each chat.startStream that succeeded
     * (a stream is one message, whatever is appended to it). A stream's fields are those it opened with.
     */
    List<Posted> messages() {
        return posted(List.of("/api/chat.postMessage", "/api/chat.startStream"));
    }

    /** Every chat.postMessage that succeeded, in order. */
    List<Posted> posted() {
        return posted(List.of("/api/chat.postMessage"));
    }

    private List<Posted> posted(List<String> methods) {
        List<Posted> posted = new java.util.ArrayList<>();
        List<ServeEvent> events = new java.util.ArrayList<>(server.getAllServeEvents());
        // WireMock lists serve events newest first.
        java.util.Collections.reverse(events);
        for (ServeEvent event : events) {
            String body = event.getResponse().getBodyAsString();
            if (methods.contains(event.getRequest().getUrl()) && event.getResponse().getStatus() == 200
                    && body.contains("\"ok\":true")) {
                Map<String, String> fields = decode(event.getRequest().getBodyAsString());
                posted.add(new Posted(fields.get("channel"),
                        body.replaceAll("(?s).*\"ts\":\"([0-9.]+)\".*", "$1"), fields));
            }
        }
        return posted;
    }

    /** The messages posted in {@code channel}, in order. */
    List<Posted> postedIn(String channel) {
        return posted().stream().filter(post -> channel.equals(post.channel())).toList();
    }

    /** The Web API methods called for {@code channel}, in the order the fake received them. */
    List<String> methodsIn(String channel) {
        return server.findAll(postRequestedFor(urlMatching("/api/.*"))).stream()
                .filter(request -> channel.equals(decode(request.getBodyAsString()).get("channel")))
                .map(request -> request.getUrl().substring("/api/".length()))
                .toList();
    }

    /** The next call of {@code method} gets 429 with Retry-After: 1, then the normal answer. */
    void rateLimitNext(String method) {
        answerNextOnce(method, aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody("{\"ok\":false,\"error\":\"ratelimited\"}"));
    }

    /** The next call of {@code method} fails with HTTP 500, then the normal answer. */
    void failNext(String method) {
        answerNextOnce(method, aResponse().withStatus(500).withBody("upstream trouble"));
    }

    /** Every call of {@code method} for {@code channel} fails with HTTP 500. */
    void failAlways(String method, String channel) {
        server.stubFor(post(urlEqualTo("/api/" + method)).withRequestBody(containing("channel=" + channel))
                .willReturn(aResponse().withStatus(500).withBody("upstream trouble")));
    }

    private void answerNextOnce(String method, ResponseDefinitionBuilder response) {
        String scenario = "once-" + method + "-" + System.nanoTime();
        server.stubFor(post(urlEqualTo("/api/" + method)).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(response)
                .willSetStateTo("answered"));
    }

    /** Form fields of every call of {@code method} so far, in order. */
    List<Map<String, String>> calls(String method) {
        return server.findAll(postRequestedFor(urlEqualTo("/api/" + method))).stream()
                .map(request -> decode(request.getBodyAsString()))
                .toList();
    }

    int count(String method) {
        return server.findAll(postRequestedFor(urlEqualTo("/api/" + method))).size();
    }

    void resetCalls() {
        server.resetRequests();
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.put(key, value);
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop();
    }
}
