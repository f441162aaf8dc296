package com.pitcrew.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a request must pass before anything is stored: size, signature, timestamp, JSON, a payload type we
 * subscribe to. Each refusal carries the HTTP status, a short reason (also the metric name) and a message that
 * never echoes the body or a secret. Thread-safe: immutable.
 */
final class EventGate {

    /** Slack's own events are a few KiB; anything near this is not Slack. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    static final String URL_VERIFICATION = "url_verification";
    static final String EVENT_CALLBACK = "event_callback";
    static final String APP_RATE_LIMITED = "app_rate_limited";

    private static final Set<String> KNOWN_TYPES = Set.of(URL_VERIFICATION, EVENT_CALLBACK, APP_RATE_LIMITED);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String signingSecret;
    private final Clock clock;

    EventGate(String signingSecret, Clock clock) {
        this.signingSecret = signingSecret;
        this.clock = clock;
    }

    sealed interface Verdict permits Accepted, Rejected {
    }

    /** A genuine Slack payload of a type we handle. */
    record Accepted(String type, JsonNode payload) implements Verdict {
    }

    record Rejected(int status, String reason, String message) implements Verdict {
    }

    static Rejected tooLarge() {
        return new Rejected(413, "too_large", "request body exceeds " + MAX_BODY_BYTES + " bytes");
    }

    Verdict check(Optional<String> timestamp, Optional<String> signature, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return tooLarge();
        }
        SlackSigning.Check signing = SlackSigning.verify(signingSecret, timestamp, signature, body,
                clock.millis() / 1000);
        if (signing != SlackSigning.Check.VALID) {
            return new Rejected(401, signing.reason(), switch (signing) {
                case MISSING_SIGNATURE -> "X-Slack-Signature and X-Slack-Request-Timestamp are required";
                case BAD_TIMESTAMP -> "X-Slack-Request-Timestamp is not a number";
                case STALE_TIMESTAMP -> "request timestamp is more than 5 minutes old";
                case FUTURE_TIMESTAMP -> "request timestamp is more than 5 minutes in the future";
                default -> "signature does not match";
            });
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new Rejected(400, "malformed_json", "body is not JSON");
        } catch (java.io.IOException e) {
            return new Rejected(400, "malformed_json", "body cannot be read");
        }
        if (payload == null || !payload.isObject()) {
            return new Rejected(400, "malformed_json", "body is not a JSON object");
        }
        String type = payload.path("type").asText("");
        if (!KNOWN_TYPES.contains(type)) {
            return new Rejected(400, "unknown_type", "payload type is not one this endpoint handles");
        }
        if (type.equals(EVENT_CALLBACK) && (!payload.path("event_id").isTextual()
                || !payload.path("event").path("type").isTextual())) {
            return new Rejected(400, "malformed_event", "event_callback without event_id or event.type");
        }
        return new Accepted(type, payload);
    }
}
