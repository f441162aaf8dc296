package com.pitcrew.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local fake of the Slack Web API over HTTP (WireMock): auth.test, chat.postMessage (a fresh ts each time) and
 * chat.update. Calls are read back as decoded form fields. Thread-safe as WireMock is.
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
        server.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("""
                {"ok":true,"channel":"C0DEALS01","ts":"1700000100.000001","text":"ok"}""")));
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
