package com.pitcrew.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible chat completions server with log-normal latencies (median and spread per kind). It validates
 * with the corpus label, an oracle: the bench measures time, not accuracy. Generations answer a fixed text; asked
 * for a stream, they send it a word at a time, the first word after a time to first token (log-normal too) and the
 * last at the same whole-answer time as unstreamed. Each completion reports 150 tokens. Thread-safe; one thread per
 * request in flight, as a slow provider holds them.
 */
final class FakeOpenAiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int TOKENS_PER_COMPLETION = 150;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, String> oracle;
    private final double validationMedianMs;
    private final double answerMedianMs;
    private final double firstTokenMedianMs;
    private final double sigma;
    private final AtomicLong validations = new AtomicLong();
    private final AtomicLong generations = new AtomicLong();

    FakeOpenAiServer(Map<String, String> oracle, double validationMedianMs, double answerMedianMs,
                     double firstTokenMedianMs, double sigma) throws IOException {
        this.oracle = oracle;
        this.validationMedianMs = validationMedianMs;
        this.answerMedianMs = answerMedianMs;
        this.firstTokenMedianMs = firstTokenMedianMs;
        this.sigma = sigma;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    long calls() {
        return validations.get() + generations.get();
    }

    long validations() {
        return validations.get();
    }

    private void complete(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String user = "";
            for (JsonNode message : request.path("messages")) {
                if ("user".equals(message.path("role").asText())) {
                    user = message.path("content").asText();
                }
            }
            boolean validation = request.has("response_format");
            String content;
            if (validation) {
                validations.incrementAndGet();
                content = "{\"intent\":\"" + label(user) + "\",\"confidence\":0.9}";
            } else {
                generations.incrementAndGet();
                content = "Here is what the fake LLM knows about it, in two short sentences. Nothing more.";
            }
            if (!validation && request.path("stream").asBoolean(false)) {
                stream(exchange, content);
                return;
            }
            pause(sample(validation ? validationMedianMs : answerMedianMs));
            byte[] body = JSON.writeValueAsBytes(Map.of("id", "chatcmpl-bench", "object", "chat.completion",
                    "created", 1_700_000_000, "model", "bench",
                    "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", content))),
                    "usage", Map.of("prompt_tokens", 100, "completion_tokens", TOKENS_PER_COMPLETION - 100,
                            "total_tokens", TOKENS_PER_COMPLETION)));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The corpus label of the message in a validation prompt; the candidate when the message is unknown. */
    private String label(String prompt) {
        int start = prompt.indexOf("Message: ");
        int end = prompt.indexOf("\nCandidate intent: ");
        if (start < 0 || end < 0) {
            return "other";
        }
        String text = EventText.withoutMention(prompt.substring(start + "Message: ".length(), end));
        String candidate = prompt.substring(end + "\nCandidate intent: ".length()).split(" ")[0];
        return Optional.ofNullable(oracle.get(text)).orElse(candidate);
    }

    /** Server-sent chunks, a word each: the first after the time to first token, the last at the answer's time. */
    private void stream(HttpExchange exchange, String content) throws IOException {
        double whole = sample(answerMedianMs);
        double first = Math.min(whole, sample(firstTokenMedianMs));
        String[] words = content.split("(?<= )");
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            pause(first);
            double gap = words.length > 1 ? (whole - first) / (words.length - 1) : 0;
            for (int i = 0; i < words.length; i++) {
                if (i > 0) {
                    pause(gap);
                }
                event(out, Map.of("id", "chatcmpl-bench", "object", "chat.completion.chunk", "created",
                        1_700_000_000, "model", "bench", "choices", List.of(Map.of("index", 0,
                                "delta", Map.of("content", words[i])))));
            }
            event(out, Map.of("id", "chatcmpl-bench", "object", "chat.completion.chunk", "created", 1_700_000_000,
                    "model", "bench", "choices", List.of(),
                    "usage", Map.of("prompt_tokens", 100, "completion_tokens", TOKENS_PER_COMPLETION - 100,
                            "total_tokens", TOKENS_PER_COMPLETION)));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void event(OutputStream out, Map<String, Object> chunk) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private double sample(double medianMs) {
        return medianMs * Math.exp(sigma * ThreadLocalRandom.current().nextGaussian());
    }

    private static void pause(double millis) {
        try {
            Thread.sleep((long) millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** How the bench writes a message into an event and reads it back out of a prompt. */
    static final class EventText {
        static final String MENTION = "<@U0PITBOT> ";

        private EventText() {
        }

        static String withoutMention(String text) {
            return text.startsWith(MENTION) ? text.substring(MENTION.length()) : text;
        }
    }
}
