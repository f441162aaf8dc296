package com.pitcrew.slack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Plays Slack: loads the fake payloads under {@code slack/}, signs them as Slack does and POSTs them over HTTP. */
final class SlackDeliveries {

    static final String SIGNING_SECRET = "test-signing-secret-0123456789ab";
    static final String BOT_TOKEN = "xoxb-test-token";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;

    SlackDeliveries(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/slack/events");
    }

    /** A payload from {@code slack/<name>.json} with {@code ${KEY}} placeholders filled in. */
    static String payload(String name, Map<String, String> values) {
        try (InputStream in = SlackDeliveries.class.getResourceAsStream("/slack/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fake payload " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> entry : values.entrySet()) {
                text = text.replace("${" + entry.getKey() + "}", entry.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message payload with a fresh event id and ts. */
    static String message(String name, String eventId, String channel, String text) {
        long n = SEQUENCE.incrementAndGet();
        return payload(name, Map.of("EVENT_ID", eventId, "CHANNEL", channel, "TEXT", text,
                "TS", "1700000000." + String.format("%06d", n)));
    }

    /** A signed interactivity request ({@code /slack/interactions}): {@code payload} form-encoded, as Slack sends. */
    HttpResponse<String> interact(String payloadJson) {
        return interactRaw("payload=" + java.net.URLEncoder.encode(payloadJson, StandardCharsets.UTF_8), null);
    }

    /** {@code body} as is, signed unless {@code signature} is given. */
    HttpResponse<String> interactRaw(String body, String signature) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String signed = signature != null ? signature
                : SlackSigning.sign(SIGNING_SECRET, timestamp, body.getBytes(StandardCharsets.UTF_8));
        return send(URI.create(endpoint.toString().replace("/slack/events", "/slack/interactions")), body,
                "application/x-www-form-urlencoded", timestamp, signed, Map.of());
    }

    HttpResponse<String> deliver(String body) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        return deliver(body, timestamp, SlackSigning.sign(SIGNING_SECRET, timestamp,
                body.getBytes(StandardCharsets.UTF_8)), Map.of());
    }

    HttpResponse<String> deliver(String body, String timestamp, String signature, Map<String, String> headers) {
        return send(endpoint, body, "application/json", timestamp, signature, headers);
    }

    private HttpResponse<String> send(URI target, String body, String contentType, String timestamp,
                                      String signature, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timestamp != null) {
            request.header(SlackSigning.TIMESTAMP_HEADER, timestamp);
        }
        if (signature != null) {
            request.header(SlackSigning.SIGNATURE_HEADER, signature);
        }
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
