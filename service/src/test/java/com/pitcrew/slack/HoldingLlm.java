package com.pitcrew.slack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fake OpenAI-compatible chat completions server. Requests whose prompt contains {@link #SLOW} are held until
 * {@link #release()} or for at most 10 s, like a slow LLM; the rest answer at once. Thread-safe.
 */
final class HoldingLlm implements AutoCloseable {

    static final String SLOW = "SLOW-LLM";
    static final long MAX_HOLD_SECONDS = 10;

    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch slowRequestSeen = new CountDownLatch(1);

    HoldingLlm() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
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
            byte[] body = """
                    {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"fake",
                     "choices":[{"index":0,"finish_reason":"stop","logprobs":null,
                       "message":{"role":"assistant","refusal":null,
                         "content":"{\\"intent\\":\\"other\\",\\"confidence\\":0.9}"}}]}"""
                    .getBytes(StandardCharsets.UTF_8);
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
