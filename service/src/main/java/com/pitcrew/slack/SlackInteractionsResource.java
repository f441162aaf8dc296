package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/interactions}: Slack's interactivity request URL (button clicks), form-encoded with the JSON in
 * {@code payload}. The same gate as events (size, signature, timestamp) runs on the raw body before it is parsed;
 * the clicks themselves are {@link SlackInteractions}'. Without credentials every request gets 503 saying so.
 * Thread-safe: immutable, collaborators are.
 */
@Path("/slack/interactions")
public final class SlackInteractionsResource {

    private static final String PATH = "/slack/interactions";
    private static final Logger LOG = LoggerFactory.getLogger(SlackInteractionsResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a configured door needs. */
    record Door(EventGate gate, SlackInteractions interactions) {
    }

    private final Optional<Door> door;
    private final MetricRegistry metrics;

    SlackInteractionsResource(Optional<Door> door, MetricRegistry metrics) {
        this.door = door;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(@Context HttpHeaders headers, InputStream body) {
        if (door.isEmpty()) {
            return SlackHttp.error(503, "not_configured", SlackEventsResource.NOT_CONFIGURED);
        }
        try {
            if (headers.getLength() > EventGate.MAX_BODY_BYTES) {
                return SlackHttp.reject(EventGate.tooLarge(), PATH, metrics);
            }
            byte[] raw = body == null ? new byte[0] : body.readNBytes(EventGate.MAX_BODY_BYTES + 1);
            Optional<EventGate.Rejected> unsigned = door.get().gate().checkSigned(
                    SlackHttp.header(headers, SlackSigning.TIMESTAMP_HEADER),
                    SlackHttp.header(headers, SlackSigning.SIGNATURE_HEADER), raw);
            if (unsigned.isPresent()) {
                return SlackHttp.reject(unsigned.get(), PATH, metrics);
            }
            Optional<String> payload = formField(new String(raw, StandardCharsets.US_ASCII), "payload");
            if (payload.isEmpty()) {
                return badRequest("missing_payload", "body must be form-encoded with a 'payload' field");
            }
            JsonNode json = JSON.readTree(payload.get());
            if (json == null || !json.isObject()) {
                return badRequest("malformed_json", "payload is not a JSON object");
            }
            SlackInteractions.Handled handled = door.get().interactions().handle(json);
            if (handled.problem().isPresent()) {
                return badRequest("invalid_interaction", handled.problem().get());
            }
            return Response.ok().build();
        } catch (JsonProcessingException e) {
            return badRequest("malformed_json", "payload is not JSON");
        } catch (IOException e) {
            return SlackHttp.error(400, "unreadable_body", "request body could not be read");
        } catch (RuntimeException e) {
            // The database is down: a 500 tells Slack (and the rep's client) the click did not land.
            metrics.meter("pitcrew.slack.interactions.error").mark();
            LOG.error("A Slack interaction could not be handled", e);
            return SlackHttp.error(500, "internal_error", "interaction not stored; try again");
        }
    }

    private Response badRequest(String reason, String message) {
        return SlackHttp.reject(new EventGate.Rejected(400, reason, message), PATH, metrics);
    }

    /** The decoded value of {@code name} in an {@code application/x-www-form-urlencoded} body; empty if unreadable. */
    static Optional<String> formField(String body, String name) {
        try {
            return decodedField(body, name);
        } catch (IllegalArgumentException badEscape) {
            return Optional.empty();
        }
    }

    private static Optional<String> decodedField(String body, String name) {
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1),
                        StandardCharsets.UTF_8)).filter(value -> !value.isBlank());
            }
        }
        return Optional.empty();
    }
}
