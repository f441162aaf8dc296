package com.pitcrew.bench.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Slack Web API as the service uses it: {@code auth.test}, {@code chat.postMessage} (a fresh ts each time),
 * {@code chat.update}, the stream methods ({@code chat.startStream} opens a message, {@code appendStream} adds to it,
 * {@code stopStream} ends it) and the progress reaction ({@code reactions.add}/{@code remove}, answered ok).
 * Records, per event (its thread ts, which the bench makes unique), how many messages were posted, when its first
 * words were visible (a stream's start, or the whole answer's post) and when the whole answer was (the answer's
 * post, a stream's stop, or the first update of a busy notice or a stream). Thread-safe.
 */
final class FakeSlackServer implements AutoCloseable {

    /**
     * What Slack saw for one event. {@code answers}: writes that showed an answer, a post other than the busy notice
     * or an update (of the busy notice, or of the answer when a retry repeats it).
     */
    static final class SlackThread {
        final AtomicInteger posts = new AtomicInteger();
        final AtomicInteger updates = new AtomicInteger();
        final AtomicInteger answers = new AtomicInteger();
        final AtomicInteger appends = new AtomicInteger();
        volatile long firstAnswerNanos;
        volatile long firstWordsNanos;
        volatile boolean busyNotice;
        volatile boolean streamed;

        void answered(long now) {
            if (answers.getAndIncrement() == 0) {
                firstAnswerNanos = now;
                if (firstWordsNanos == 0) {
                    firstWordsNanos = now;
                }
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, SlackThread> byThreadTs = new ConcurrentHashMap<>();
    private final Map<String, String> threadOfMessage = new ConcurrentHashMap<>();

    FakeSlackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(threads);
        server.createContext("/api/", this::handle);
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    SlackThread thread(String threadTs) {
        return byThreadTs.computeIfAbsent(threadTs, ts -> new SlackThread());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            Map<String, String> form = decode(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String body;
            switch (method) {
                case "auth.test" -> body = "{\"ok\":true,\"url\":\"https://bench.slack.com/\",\"team\":\"Bench\","
                        + "\"user\":\"pitcrew\",\"team_id\":\"T0BENCH\",\"user_id\":\"U0PITBOT\",\"bot_id\":\"B0PIT\"}";
                case "chat.postMessage", "chat.startStream" -> {
                    long now = System.nanoTime();
                    String ts = "1800000000." + String.format("%06d", sequence.incrementAndGet());
                    String threadTs = form.getOrDefault("thread_ts", ts);
                    threadOfMessage.put(ts, threadTs);
                    SlackThread thread = thread(threadTs);
                    thread.posts.incrementAndGet();
                    if (method.equals("chat.startStream")) {
                        thread.streamed = true;
                        thread.firstWordsNanos = now;
                    } else if (form.getOrDefault("text", "").contains("Busy")) {
                        thread.busyNotice = true;
                    } else {
                        thread.answered(now);
                    }
                    body = "{\"ok\":true,\"channel\":\"" + form.get("channel") + "\",\"ts\":\"" + ts + "\"}";
                }
                case "chat.appendStream", "chat.stopStream" -> {
                    long now = System.nanoTime();
                    String threadTs = threadOfMessage.get(form.get("ts"));
                    if (threadTs != null) {
                        SlackThread thread = thread(threadTs);
                        if (method.equals("chat.appendStream")) {
                            thread.appends.incrementAndGet();
                        } else if (form.containsKey("markdown_text") || form.containsKey("blocks")) {
                            thread.answered(now); // a bare stop ends a stream whose text is replaced next
                        }
                    }
                    body = "{\"ok\":true,\"channel\":\"" + form.get("channel") + "\",\"ts\":\"" + form.get("ts")
                            + "\"}";
                }
                case "chat.update" -> {
                    long now = System.nanoTime();
                    String threadTs = threadOfMessage.get(form.get("ts"));
                    if (threadTs != null) {
                        SlackThread thread = thread(threadTs);
                        thread.updates.incrementAndGet();
                        thread.answered(now);
                    }
                    body = "{\"ok\":true,\"channel\":\"" + form.get("channel") + "\",\"ts\":\"" + form.get("ts")
                            + "\"}";
                }
                default -> body = "{\"ok\":true}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
