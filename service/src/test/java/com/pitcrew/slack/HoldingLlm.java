package com.pitcrew.slack;

import com.sun.net.httpserver.HttpServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fake OpenAI-compatible chat completions server. Requests whose prompt contains {@link #SLOW} are held until
 * {@link #release()} or for at most 10 s, like a slow LLM; the rest answer at once. A question carrying
 * {@link #INJECT} is answered with {@link #INJECTED_ANSWER}: Markdown with every kind of Slack mention. Thread-safe.
 */
final class HoldingLlm implements AutoCloseable {

    static final String SLOW = "SLOW-LLM";
    static final long MAX_HOLD_SECONDS = 10;
    static final String INJECT = "INJECT-MARKDOWN";
    static final String INJECTED_ANSWER = "## Plans\n\n<!channel> <!here> <@U0BOSS> <!subteam^S0SALES> look: "
            + "**Growth** includes SSO, see [the plan page](https://beacon.example/plans?a=1&b=2).\n- one\n- two";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch slowRequestSeen = new CountDownLatch(1);

    HoldingLlm() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (request.contains(SLOW)) {
                slowRequestSeen.countDown();
                try {
                    released.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // Validation asks for structured output; an answer to a question carrying INJECT is hostile Markdown.
            boolean validation = request.contains("response_format");
            String content = !request.contains(INJECT) ? "{\"intent\":\"other\",\"confidence\":0.9}"
                    : validation ? "{\"intent\":\"product_question\",\"confidence\":0.95}" : INJECTED_ANSWER;
            byte[] body = JSON.writeValueAsBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion",
                    "created", 1700000000, "model", "fake",
                    "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", content)))));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    boolean awaitSlowRequest(long seconds) throws InterruptedException {
        return slowRequestSeen.await(seconds, TimeUnit.SECONDS);
    }

    void release() {
        released.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
