package com.pitcrew.bench.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A stand-in for Gong's API v2 on this machine, for trying the Gong connector without a Gong account (test tooling,
 * not part of the service): serves the calls of a folder of JSON files ({@code examples/gong/}), each one call in
 * the shape of a {@code /v2/calls/extensive} record ({@code metaData}, {@code parties}, {@code context}) plus its
 * {@code transcript} monologues. Answers {@code GET /v2/calls?fromDateTime=&cursor=} (paged by
 * {@code records.cursor}, 404 when nothing matches, as Gong does), {@code POST /v2/calls/extensive} and
 * {@code POST /v2/calls/transcript} for the {@code filter.callIds} asked for, and 401 unless the basic credentials
 * are the ones given. The calls are re-dated at start, keeping their spacing, so that the newest started a day ago
 * and "recent" finds them on any date.
 *
 * <pre>java -cp bench/target/benchmarks.jar com.pitcrew.bench.fakes.FakeGongServer --port 8089 examples/gong/</pre>
 *
 * <p>Thread-safe: the calls are read once and never change.
 */
public final class FakeGongServer implements AutoCloseable {

    static final String DEFAULT_KEY = "example-key";
    static final String DEFAULT_SECRET = "example-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<ObjectNode> calls;
    private final String authorization;
    private final int pageSize;

    private FakeGongServer(int port, List<ObjectNode> calls, String key, String secret, int pageSize)
            throws IOException {
        this.calls = calls;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret)
                .getBytes(StandardCharsets.UTF_8));
        this.pageSize = pageSize;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(threads);
        server.createContext("/v2/", this::handle);
        server.start();
    }

    /**
     * Starts a server from command-line arguments: {@code [--port N] [--access-key K] [--access-key-secret S]
     * [--page-size N] FOLDER}. Port 0 picks a free one.
     */
    public static FakeGongServer start(List<String> args) throws IOException {
        int port = 8089;
        String key = DEFAULT_KEY;
        String secret = DEFAULT_SECRET;
        int pageSize = 100;
        Path folder = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--access-key" -> key = value(args, ++i, arg);
                case "--access-key-secret" -> secret = value(args, ++i, arg);
                case "--page-size" -> pageSize = Integer.parseInt(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    folder = Path.of(arg);
                }
            }
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("usage: FakeGongServer [--port N] [--access-key K] "
                    + "[--access-key-secret S] [--page-size N] FOLDER (a folder of call .json files)");
        }
        return new FakeGongServer(port, redated(read(folder)), key, secret, Math.max(1, pageSize));
    }

    public static void main(String[] args) throws Exception {
        FakeGongServer fake = start(List.of(args));
        PrintStream out = System.out;
        out.println("Fake Gong on " + fake.url() + " with " + fake.calls.size() + " calls; credentials "
                + DEFAULT_KEY + " / " + DEFAULT_SECRET + " unless given. Ctrl-C stops it.");
        new CountDownLatch(1).await();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static List<ObjectNode> read(Path folder) throws IOException {
        List<ObjectNode> calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                JsonNode call = JSON.readTree(file.toFile());
                if (!call.path("metaData").path("id").isTextual() || !call.path("metaData").path("started").isTextual()) {
                    throw new IllegalArgumentException(file + ": metaData.id and metaData.started are required");
                }
                calls.add((ObjectNode) call);
            }
        }
        return calls;
    }

    /** Every call moved by the same amount, so the newest started a day ago (to the second). */
    private static List<ObjectNode> redated(List<ObjectNode> calls) {
        Instant newest = calls.stream().map(FakeGongServer::started).max(Comparator.naturalOrder())
                .orElse(Instant.now());
        Duration shift = Duration.between(newest, Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
        for (ObjectNode call : calls) {
            ObjectNode meta = (ObjectNode) call.path("metaData");
            meta.put("started", OffsetDateTime.ofInstant(started(call).plus(shift), ZoneOffset.UTC).toString());
        }
        return calls;
    }

    private static Instant started(JsonNode call) {
        return OffsetDateTime.parse(call.path("metaData").path("started").asText()).toInstant();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"requestId\":\"fake\",\"errors\":[\"Authentication failed\"]}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/v2/calls") && method.equals("GET")) {
                list(exchange);
            } else if (path.equals("/v2/calls/extensive") && method.equals("POST")) {
                ArrayNode found = JSON.createArrayNode();
                for (ObjectNode call : asked(exchange)) {
                    ObjectNode copy = call.deepCopy();
                    copy.remove("transcript");
                    found.add(copy);
                }
                send(exchange, 200, page(found.size(), "calls", found).toString());
            } else if (path.equals("/v2/calls/transcript") && method.equals("POST")) {
                ArrayNode found = JSON.createArrayNode();
                for (ObjectNode call : asked(exchange)) {
                    if (call.has("transcript")) {
                        found.addObject().put("callId", call.path("metaData").path("id").asText())
                                .set("transcript", call.path("transcript"));
                    }
                }
                send(exchange, 200, page(found.size(), "callTranscripts", found).toString());
            } else {
                send(exchange, 404, "{\"errors\":[\"not served by the fake: " + method + " " + path + "\"]}");
            }
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Instant from;
        try {
            from = OffsetDateTime.parse(query.getOrDefault("fromDateTime", "1970-01-01T00:00:00Z")).toInstant();
        } catch (RuntimeException e) {
            send(exchange, 400, "{\"errors\":[\"fromDateTime is not an ISO-8601 date-time\"]}");
            return;
        }
        List<ObjectNode> matching = calls.stream().filter(call -> !started(call).isBefore(from))
                .sorted(Comparator.comparing(FakeGongServer::started)).toList();
        if (matching.isEmpty()) {
            send(exchange, 404, "{\"requestId\":\"fake\",\"errors\":[\"No calls found corresponding to the provided "
                    + "filters\"]}");
            return;
        }
        int offset = Integer.parseInt(query.getOrDefault("cursor", "0"));
        ArrayNode page = JSON.createArrayNode();
        matching.subList(Math.min(offset, matching.size()), Math.min(matching.size(), offset + pageSize))
                .forEach(call -> page.add(call.path("metaData")));
        ObjectNode body = page(matching.size(), "calls", page);
        if (offset + pageSize < matching.size()) {
            ((ObjectNode) body.path("records")).put("cursor", String.valueOf(offset + pageSize));
        }
        send(exchange, 200, body.toString());
    }

    private List<ObjectNode> asked(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        Set<String> ids = new HashSet<>();
        body.path("filter").path("callIds").forEach(id -> ids.add(id.asText()));
        return calls.stream().filter(call -> ids.contains(call.path("metaData").path("id").asText())).toList();
    }

    private static ObjectNode page(int total, String field, ArrayNode items) {
        ObjectNode body = JSON.createObjectNode().put("requestId", "fake");
        body.putObject("records").put("totalRecords", total).put("currentPageSize", items.size())
                .put("currentPageNumber", 0);
        body.set(field, items);
        return body;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
