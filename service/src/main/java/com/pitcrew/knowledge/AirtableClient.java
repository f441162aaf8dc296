package com.pitcrew.knowledge;

import com.pitcrew.execution.Pauser;
import com.pitcrew.execution.RequestPacer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airtable's REST API over the JDK HTTP client, for one base: records by page, webhook payloads by cursor, webhook
 * refresh, table names. Every request waits its turn in a {@link RequestPacer} (Airtable allows 5 per second per
 * base) and a 429 pauses (30 s in production) and resumes. The token goes in the Authorization header and nowhere
 * else: messages and logs name the method and path only. Thread-safe.
 */
final class AirtableClient {

    /** Airtable's largest page. */
    static final int PAGE_SIZE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(AirtableClient.class);
    private static final int ERROR_EXCERPT = 200;

    /** One page of webhook payloads and where the next read starts. */
    record PayloadPage(long cursor, boolean mightHaveMore, List<JsonNode> payloads) {
        PayloadPage {
            payloads = List.copyOf(payloads);
        }
    }

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI apiUrl;
    private final String token;
    private final String baseId;
    private final RequestPacer pacer;
    private final Pauser pauser;
    private final Duration rateLimitPause;
    private final int rateLimitRetries;
    private final Duration timeout;

    AirtableClient(HttpClient http, ObjectMapper json, URI apiUrl, String token, String baseId, RequestPacer pacer,
                   Pauser pauser, Duration rateLimitPause, int rateLimitRetries, Duration timeout) {
        this.http = http;
        this.json = json;
        this.apiUrl = apiUrl;
        this.token = token;
        this.baseId = baseId;
        this.pacer = pacer;
        this.pauser = pauser;
        this.rateLimitPause = rateLimitPause;
        this.rateLimitRetries = rateLimitRetries;
        this.timeout = timeout;
    }

    /** The production client: real sleeps, the system clock. Needs {@link AirtableConfiguration#configured()}. */
    static AirtableClient create(AirtableConfiguration configuration, ObjectMapper json) {
        return create(configuration, json, System::nanoTime, Pauser.SLEEP);
    }

    static AirtableClient create(AirtableConfiguration configuration, ObjectMapper json,
                                 java.util.function.LongSupplier nanoTime, Pauser pauser) {
        String token = configuration.token()
                .orElseThrow(() -> new IllegalStateException("AIRTABLE_TOKEN is not set"));
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(configuration.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        RequestPacer pacer = new RequestPacer(configuration.getRequestsPerSecond(), Duration.ofSeconds(1), nanoTime,
                pauser);
        return new AirtableClient(http, json, configuration.apiUri(), token, configuration.getBaseId(), pacer, pauser,
                configuration.rateLimitPause(), configuration.getRateLimitRetries(), configuration.requestTimeout());
    }

    String baseId() {
        return baseId;
    }

    /**
     * Every record of a table (name or id), following {@code offset} page by page. {@code filterByFormula} narrows
     * the records (the webhook path re-reads changed records by id); {@code onPage} hears the running total.
     */
    List<AirtableRecord> listRecords(String table, Optional<String> filterByFormula, IntConsumer onPage) {
        List<AirtableRecord> records = new ArrayList<>();
        Optional<String> offset = Optional.empty();
        do {
            StringBuilder query = new StringBuilder("pageSize=").append(PAGE_SIZE);
            filterByFormula.ifPresent(formula -> query.append("&filterByFormula=").append(encode(formula)));
            offset.ifPresent(next -> query.append("&offset=").append(encode(next)));
            JsonNode page = send("GET", "/v0/" + encode(baseId) + "/" + encode(table), query.toString());
            for (JsonNode node : page.path("records")) {
                AirtableRecord.fromJson(node).ifPresent(records::add);
            }
            onPage.accept(records.size());
            offset = Optional.ofNullable(page.path("offset").textValue()).filter(next -> !next.isEmpty());
        } while (offset.isPresent());
        return records;
    }

    /** One page of a webhook's payloads from {@code cursor}; the caller follows {@code mightHaveMore}. */
    PayloadPage payloads(String webhookId, long cursor) {
        JsonNode page = send("GET", webhookPath(webhookId) + "/payloads", "cursor=" + cursor);
        if (!page.path("cursor").canConvertToLong()) {
            throw new AirtableException("GET " + webhookPath(webhookId) + "/payloads answered without a cursor");
        }
        List<JsonNode> payloads = new ArrayList<>();
        page.path("payloads").forEach(payloads::add);
        return new PayloadPage(page.path("cursor").asLong(), page.path("mightHaveMore").asBoolean(false), payloads);
    }

    /** Extends the webhook's life (Airtable: 7 days from now); returns its new expiry. */
    Instant refreshWebhook(String webhookId) {
        JsonNode answer = send("POST", webhookPath(webhookId) + "/refresh", "");
        try {
            return Instant.parse(answer.path("expirationTime").asText(""));
        } catch (DateTimeParseException e) {
            throw new AirtableException("POST " + webhookPath(webhookId) + "/refresh answered without an expirationTime");
        }
    }

    /** Table names by table id (webhook payloads name tables by id only). */
    Map<String, String> tableNamesById() {
        JsonNode answer = send("GET", "/v0/meta/bases/" + encode(baseId) + "/tables", "");
        Map<String, String> names = new HashMap<>();
        for (JsonNode table : answer.path("tables")) {
            names.put(table.path("id").asText(), table.path("name").asText());
        }
        return names;
    }

    private String webhookPath(String webhookId) {
        return "/v0/bases/" + encode(baseId) + "/webhooks/" + encode(webhookId);
    }

    private JsonNode send(String method, String path, String query) {
        String what = method + " " + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path + (query.isEmpty() ? "" : "?" + query)))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .method(method, method.equals("POST")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json")
                .build();
        try {
            for (int attempt = 0; ; attempt++) {
                pacer.acquire();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429 && attempt < rateLimitRetries) {
                    LOG.warn("Airtable rate limit on {}; pausing {} s before retry {}", what,
                            rateLimitPause.toMillis() / 1000.0, attempt + 1);
                    pauser.pause(rateLimitPause);
                    continue;
                }
                if (response.statusCode() / 100 != 2) {
                    throw new AirtableException(what + " answered HTTP " + response.statusCode() + ": "
                            + excerpt(response.body()));
                }
                return json.readTree(response.body());
            }
        } catch (IOException e) {
            throw new AirtableException(what + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirtableException(what + " interrupted", e);
        }
    }

    private static String excerpt(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= ERROR_EXCERPT ? oneLine : oneLine.substring(0, ERROR_EXCERPT) + "…";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
