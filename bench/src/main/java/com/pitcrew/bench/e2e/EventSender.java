package com.pitcrew.bench.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends signed {@code app_mention} events open-loop: one every {@code 1/rate} seconds whatever the service does,
 * each from a distinct user, recording when it was sent and how long the ack took.
 */
final class EventSender {

    /** One event sent: its id, thread ts, user, send time and ack latency (ms; -1: no 200). */
    static final class Sent {
        final String eventId;
        final String ts;
        final long sentNanos;
        volatile double ackMs = -1;

        Sent(String eventId, String ts, long sentNanos) {
            this.eventId = eventId;
            this.ts = ts;
            this.sentNanos = sentNanos;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();
    private final URI endpoint;
    private final String signingSecret;

    EventSender(int port, String signingSecret) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/slack/events");
        this.signingSecret = signingSecret;
    }

    /**
     * Sends {@code count} events at {@code rate} a second, message {@code i} being {@code messages[i % n]}; returns
     * once every ack arrived (or timed out).
     */
    Map<String, Sent> send(String phase, List<String> messages, double rate, int count) throws InterruptedException {
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        CountDownLatch acked = new CountDownLatch(count);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int n = i;
            clock.schedule(() -> fire(phase, n, messages.get(n % messages.size()), sent, acked),
                    start + n * periodNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        acked.await((long) (count / rate) + 60, TimeUnit.SECONDS);
        clock.shutdown();
        return sent;
    }

    private void fire(String phase, int n, String text, Map<String, Sent> sent, CountDownLatch acked) {
        String eventId = "Ev" + phase + String.format("%07d", n);
        String ts = String.format("17%08d.%06d", Math.floorMod(phase.hashCode(), 100_000_000), n);
        String user = "U" + phase + String.format("%07d", n);
        String body = "{\"token\":\"ignored\",\"team_id\":\"T0BENCH\",\"api_app_id\":\"A0BENCH\","
                + "\"type\":\"event_callback\",\"event_id\":\"" + eventId + "\",\"event_time\":1700000000,"
                + "\"event\":{\"type\":\"app_mention\",\"user\":\"" + user + "\",\"text\":"
                + quote(FakeOpenAiServer.EventText.MENTION + text) + ",\"ts\":\"" + ts + "\",\"channel\":\"C0BENCH01\","
                + "\"event_ts\":\"" + ts + "\"}}";
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Sent event = new Sent(eventId, ts, System.nanoTime());
        sent.put(eventId, event);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 200) {
                event.ackMs = (System.nanoTime() - event.sentNanos) / 1e6;
            }
            acked.countDown();
        });
    }

    private String sign(String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
