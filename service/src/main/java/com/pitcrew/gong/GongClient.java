package com.pitcrew.gong;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pitcrew.execution.Pauser;
import com.pitcrew.execution.RequestPacer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gong's public API v2 over the JDK HTTP client: calls by start time ({@code GET /v2/calls}, paged by
 * {@code records.cursor}), their parties and CRM context ({@code POST /v2/calls/extensive}) and transcripts
 * ({@code POST /v2/calls/transcript}). Every request waits its turn in a {@link RequestPacer} (Gong allows 3 per
 * second by default); a 429 waits its {@code Retry-After} (capped) and retries, a bounded number of times. The
 * access key goes in the Authorization header and nowhere else: messages and logs name the method and path only.
 * Thread-safe.
 */
final class GongClient {

    private static final Logger LOG = LoggerFactory.getLogger(GongClient.class);
    private static final int ERROR_EXCERPT = 200;

    /** One page of calls and where the next one starts. */
    record Page(List<JsonNode> calls, Optional<String> cursor) {
        Page {
            calls = List.copyOf(calls);
        }
    }

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI baseUrl;
    private final String authorization;
    private final RequestPacer pacer;
    private final Pauser pauser;
    private final GongConfiguration configuration;
    private final Counter rateLimited;

    GongClient(GongConfiguration configuration, ObjectMapper json, MetricRegistry metrics, LongSupplier nanoTime,
               Pauser pauser) {
        String key = configuration.accessKey().orElseThrow(() -> new IllegalStateException("GONG_ACCESS_KEY is not set"));
        String secret = configuration.accessKeySecret()
                .orElseThrow(() -> new IllegalStateException("GONG_ACCESS_KEY_SECRET is not set"));
        this.http = HttpClient.newBuilder()
                .connectTimeout(configuration.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.json = json;
        this.baseUrl = configuration.baseUri();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (key + ":" + secret).getBytes(StandardCharsets.UTF_8));
        this.pacer = new RequestPacer(configuration.requestsPerSecond(), Duration.ofSeconds(1), nanoTime, pauser);
        this.pauser = pauser;
        this.configuration = configuration;
        this.rateLimited = metrics.counter("pitcrew.gong.rate_limited");
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** Calls that started at or after {@code from}, one page; Gong's 404 "no calls found" is an empty page. */
    Page listCalls(Instant from, Optional<String> cursor) {
        StringBuilder query = new StringBuilder("fromDateTime=").append(encode(from.toString()));
        cursor.ifPresent(next -> query.append("&cursor=").append(encode(next)));
        Optional<JsonNode> answer = send("GET", "/v2/calls", query.toString(), Optional.empty());
        List<JsonNode> calls = new ArrayList<>();
        answer.ifPresent(page -> page.path("calls").forEach(calls::add));
        return new Page(calls, answer.flatMap(GongClient::nextCursor));
    }

    /** The extensive records (metaData, parties, context) of these calls, by call id. */
    Map<String, JsonNode> extensive(List<String> callIds) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        ObjectNode body = filter(callIds);
        ObjectNode selector = body.putObject("contentSelector");
        selector.put("context", "Extended");
        selector.putObject("exposedFields").put("parties", true);
        for (JsonNode call : allPages("/v2/calls/extensive", body, "calls")) {
            byId.put(call.path("metaData").path("id").asText(""), call);
        }
        return byId;
    }

    /** The transcripts of these calls, by call id; a call Gong has no transcript for is absent. */
    Map<String, JsonNode> transcripts(List<String> callIds) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode transcript : allPages("/v2/calls/transcript", filter(callIds), "callTranscripts")) {
            byId.put(transcript.path("callId").asText(""), transcript.path("transcript"));
        }
        return byId;
    }

    private ObjectNode filter(List<String> callIds) {
        ObjectNode body = json.createObjectNode();
        callIds.forEach(body.putObject("filter").putArray("callIds")::add);
        return body;
    }

    private List<JsonNode> allPages(String path, ObjectNode body, String field) {
        List<JsonNode> items = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            ObjectNode page = body.deepCopy();
            cursor.ifPresent(next -> page.put("cursor", next));
            Optional<JsonNode> answer = send("POST", path, "", Optional.of(page));
            answer.ifPresent(found -> found.path(field).forEach(items::add));
            cursor = answer.flatMap(GongClient::nextCursor);
        } while (cursor.isPresent());
        return items;
    }

    private static Optional<String> nextCursor(JsonNode page) {
        return Optional.ofNullable(page.path("records").path("cursor").textValue()).filter(next -> !next.isBlank());
    }

    /** The answer's JSON; empty for Gong's 404 "nothing matches the filter". */
    private Optional<JsonNode> send(String method, String path, String query, Optional<JsonNode> body) {
        String what = method + " " + path;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path
                        + (query.isEmpty() ? "" : "?" + query)))
                .timeout(configuration.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (body.isPresent()) {
            builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.get().toString()));
        } else {
            builder.GET();
        }
        HttpRequest request = builder.build();
        try {
            for (int attempt = 0; ; attempt++) {
                pacer.acquire();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 429) {
                    rateLimited.inc();
                    if (attempt >= configuration.rateLimitRetries()) {
                        throw new GongException(what + " was rate limited (HTTP 429) " + (attempt + 1)
                                + " times in a row; the next sync tries again");
                    }
                    Duration wait = retryAfter(response);
                    LOG.warn("Gong rate limit on {}; waiting {} ms before retry {}", what, wait.toMillis(), attempt + 1);
                    pauser.pause(wait);
                    continue;
                }
                if (status == 401 || status == 403) {
                    throw new GongException("Gong refused the credentials (HTTP " + status + " on " + what
                            + "): check GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET (an API key with the "
                            + "api:calls:read:basic, :extensive and :transcript scopes)");
                }
                if (status == 404) {
                    return Optional.empty();
                }
                if (status / 100 != 2) {
                    throw new GongException(what + " answered HTTP " + status + ": " + excerpt(response.body()));
                }
                try {
                    return Optional.of(json.readTree(response.body()));
                } catch (IOException e) {
                    throw new GongException(what + " answered with JSON we cannot read: " + excerpt(response.body()));
                }
            }
        } catch (IOException e) {
            throw new GongException("cannot reach Gong at " + baseUrl + " (" + what + "): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())
                    + "; check GONG_BASE_URL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GongException(what + " interrupted", e);
        }
    }

    /** Retry-After in seconds or as an HTTP date; the configured pause without one; never beyond the cap. */
    private Duration retryAfter(HttpResponse<String> response) {
        Duration wait = response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException notSeconds) {
                try {
                    return Optional.of(Duration.between(Instant.now(),
                            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        }).orElse(configuration.rateLimitPause());
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(configuration.maxRetryAfter()) > 0 ? configuration.maxRetryAfter() : wait;
    }

    private static String excerpt(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= ERROR_EXCERPT ? oneLine : oneLine.substring(0, ERROR_EXCERPT) + "…";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
