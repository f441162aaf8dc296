package com.pitcrew.gong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gong's API v2 as PitCrew uses it, on a real socket (WireMock with a transformer holding the calls): {@code GET
 * /v2/calls} filtered by {@code fromDateTime} and paged by {@code records.cursor} ({@link #pageSize} a page),
 * {@code POST /v2/calls/extensive} and {@code POST /v2/calls/transcript} for the {@code filter.callIds} asked for.
 * Wrong basic credentials get 401; {@link #rateLimitNext} makes the next requests 429 with a Retry-After.
 * Thread-safe: the calls are a concurrent map, replaced whole per call.
 */
public final class FakeGong implements AutoCloseable {

    public static final String KEY = "gong-key-for-tests";
    public static final String SECRET = "gong-secret-do-not-log";

    public record Party(String speakerId, String name, String email, String affiliation, String title) {
    }

    public record Monologue(String speakerId, List<String> sentences) {
        public Monologue(String speakerId, String... sentences) {
            this(speakerId, List.of(sentences));
        }
    }

    public record Call(String id, String title, Instant started, int durationSeconds, List<Party> parties,
                Optional<String> crmAccount, Optional<List<Monologue>> transcript) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile String retryAfter = "1";
    volatile int pageSize = 2;
    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .bindAddress("127.0.0.1").extensions(new Gong()));

    public FakeGong() {
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(Gong.NAME)));
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    GongConfiguration configuration() {
        GongConfiguration configuration = new GongConfiguration();
        configuration.setAccessKey(KEY);
        configuration.setAccessKeySecret(SECRET);
        configuration.setBaseUrl(url());
        return configuration;
    }

    public void put(Call call) {
        calls.put(call.id(), call);
    }

    /** The next {@code times} requests answer 429 with this Retry-After header value. */
    void rateLimitNext(int times, String retryAfterHeader) {
        retryAfter = retryAfterHeader;
        rateLimited.set(times);
    }

    /** The fromDateTime of every GET /v2/calls so far, in order. */
    public List<String> listedFrom() {
        return server.findAll(getRequestedFor(urlPathEqualTo("/v2/calls"))).stream()
                .map(request -> request.queryParameter("fromDateTime").firstValue()).toList();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Gong implements ResponseTransformerV2 {

        static final String NAME = "fake-gong";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public Response transform(Response response, ServeEvent serveEvent) {
            Request request = serveEvent.getRequest();
            String expected = "Basic " + Base64.getEncoder().encodeToString((KEY + ":" + SECRET)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(request.getHeader("Authorization"))) {
                return answer(401, "{\"requestId\":\"r\",\"errors\":[\"Authentication failed\"]}");
            }
            if (rateLimited.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                return Response.Builder.like(response).but().status(429)
                        .headers(new HttpHeaders(new HttpHeader("Retry-After", retryAfter)))
                        .body("{\"errors\":[\"Too many requests\"]}").build();
            }
            try {
                String path = request.getUrl().split("\\?")[0];
                if (path.equals("/v2/calls") && request.getMethod().getName().equals("GET")) {
                    return list(request);
                }
                if (path.equals("/v2/calls/extensive")) {
                    return extensive(JSON.readTree(request.getBodyAsString()));
                }
                if (path.equals("/v2/calls/transcript")) {
                    return transcripts(JSON.readTree(request.getBodyAsString()));
                }
                return answer(404, "{\"errors\":[\"no such path\"]}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Response list(Request request) {
            Instant from = Instant.parse(request.queryParameter("fromDateTime").firstValue());
            List<Call> matching = calls.values().stream().filter(call -> !call.started().isBefore(from))
                    .sorted(Comparator.comparing(Call::started).thenComparing(Call::id)).toList();
            if (matching.isEmpty()) {
                return answer(404, "{\"requestId\":\"r\",\"errors\":[\"No calls found corresponding to the provided "
                        + "filters\"]}");
            }
            int offset = request.queryParameter("cursor").isPresent()
                    ? Integer.parseInt(request.queryParameter("cursor").firstValue()) : 0;
            List<Call> page = matching.subList(offset, Math.min(matching.size(), offset + pageSize));
            ObjectNode body = JSON.createObjectNode();
            ObjectNode records = body.putObject("records").put("totalRecords", matching.size())
                    .put("currentPageSize", page.size()).put("currentPageNumber", offset / pageSize);
            if (offset + pageSize < matching.size()) {
                records.put("cursor", String.valueOf(offset + pageSize));
            }
            ArrayNode list = body.putArray("calls");
            page.forEach(call -> list.add(meta(call)));
            return answer(200, body.toString());
        }

        private Response extensive(JsonNode request) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("records").put("totalRecords", 0);
            ArrayNode list = body.putArray("calls");
            for (Call call : asked(request)) {
                ObjectNode node = list.addObject();
                node.set("metaData", meta(call));
                ArrayNode parties = node.putArray("parties");
                for (Party party : call.parties()) {
                    ObjectNode p = parties.addObject().put("id", "p" + party.speakerId())
                            .put("speakerId", party.speakerId()).put("name", party.name())
                            .put("affiliation", party.affiliation());
                    if (party.email() != null) {
                        p.put("emailAddress", party.email());
                    }
                    if (party.title() != null) {
                        p.put("title", party.title());
                    }
                }
                call.crmAccount().ifPresent(account -> {
                    ObjectNode object = node.putArray("context").addObject().put("system", "Salesforce")
                            .putArray("objects").addObject().put("objectType", "Account").put("objectId", "001A");
                    object.putArray("fields").addObject().put("name", "Name").put("value", account);
                });
            }
            return answer(200, body.toString());
        }

        private Response transcripts(JsonNode request) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("records").put("totalRecords", 0);
            ArrayNode list = body.putArray("callTranscripts");
            for (Call call : asked(request)) {
                if (call.transcript().isEmpty()) {
                    continue;
                }
                ObjectNode node = list.addObject().put("callId", call.id());
                ArrayNode monologues = node.putArray("transcript");
                long at = 0;
                for (Monologue monologue : call.transcript().get()) {
                    ObjectNode m = monologues.addObject().put("speakerId", monologue.speakerId()).put("topic", "Call");
                    ArrayNode sentences = m.putArray("sentences");
                    for (String sentence : monologue.sentences()) {
                        sentences.addObject().put("start", at).put("end", at + 4000).put("text", sentence);
                        at += 4000;
                    }
                }
            }
            return answer(200, body.toString());
        }

        private List<Call> asked(JsonNode request) {
            Set<String> ids = new HashSet<>();
            request.path("filter").path("callIds").forEach(id -> ids.add(id.asText()));
            List<Call> found = new ArrayList<>();
            ids.forEach(id -> Optional.ofNullable(calls.get(id)).ifPresent(found::add));
            return found;
        }

        private ObjectNode meta(Call call) {
            return JSON.createObjectNode().put("id", call.id()).put("url", "https://app.gong.io/call?id=" + call.id())
                    .put("title", call.title()).put("started", call.started().toString())
                    .put("duration", call.durationSeconds()).put("scope", "External");
        }

        private Response answer(int status, String body) {
            return Response.response().status(status)
                    .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/json"))).body(body).build();
        }
    }
}
