package com.pitcrew.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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

    /** A field we store, as a JSON pointer into the payload, its column's length, and whether answering needs it. */
    private record Field(String pointer, int maxLength, boolean required) {
    }

    /** Every event callback's: the inbox key and the columns beside it. */
    private static final List<Field> ENVELOPE = List.of(
            new Field("/event_id", 64, true),
            new Field("/team_id", 32, false),
            new Field("/event/type", 64, true));
    /** A question needs somewhere to reply; the user is optional here (without one it is ignored, not stored). */
    private static final List<Field> QUESTION = List.of(
            new Field("/event/channel", 32, true),
            new Field("/event/ts", 32, true),
            new Field("/event/user", 32, false),
            new Field("/event/thread_ts", 32, false));
    private static final List<Field> REACTION = List.of(
            new Field("/event/user", 32, true),
            new Field("/event/item/channel", 32, true),
            new Field("/event/item/ts", 32, true));

    /** Where an assistant thread is, and where the rep opened it from. */
    private static final List<Field> ASSISTANT_THREAD = List.of(
            new Field("/event/assistant_thread/channel_id", 32, true),
            new Field("/event/assistant_thread/thread_ts", 32, true),
            new Field("/event/assistant_thread/user_id", 32, false),
            new Field("/event/assistant_thread/context/channel_id", 32, false));

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
        Optional<Rejected> unsigned = checkSigned(timestamp, signature, body);
        if (unsigned.isPresent()) {
            return unsigned.get();
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
        if (type.equals(EVENT_CALLBACK)) {
            Optional<Rejected> invalid = checkFields(payload);
            if (invalid.isPresent()) {
                return invalid.get();
            }
        }
        return new Accepted(type, payload);
    }

    /**
     * Size, signature and timestamp: what every request from Slack must pass first, whatever its body's format
     * (JSON events, form-encoded interactions).
     */
    Optional<Rejected> checkSigned(Optional<String> timestamp, Optional<String> signature, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return Optional.of(tooLarge());
        }
        SlackSigning.Check signing = SlackSigning.verify(signingSecret, timestamp, signature, body,
                clock.millis() / 1000);
        if (signing == SlackSigning.Check.VALID) {
            return Optional.empty();
        }
        return Optional.of(new Rejected(401, signing.reason(), switch (signing) {
            case MISSING_SIGNATURE -> "X-Slack-Signature and X-Slack-Request-Timestamp are required";
            case BAD_TIMESTAMP -> "X-Slack-Request-Timestamp is not a number";
            case STALE_TIMESTAMP -> "request timestamp is more than 5 minutes old";
            case FUTURE_TIMESTAMP -> "request timestamp is more than 5 minutes in the future";
            default -> "signature does not match";
        }));
    }

    /**
     * An event that cannot be stored, or cannot be answered once stored, gets a 400 now: a 500 would make Slack
     * retry a request that can never succeed, and a stored one would fail in the worker. Lengths are the columns'
     * (V1__foundation.sql); no genuine Slack id comes near them.
     */
    private static Optional<Rejected> checkFields(JsonNode payload) {
        List<Field> fields = new ArrayList<>(ENVELOPE);
        fields.addAll(storedFields(payload.path("event")));
        for (Field field : fields) {
            JsonNode value = payload.at(field.pointer());
            if (value.isMissingNode() || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                if (field.required()) {
                    return Optional.of(new Rejected(400, "missing_field", name(field.pointer())
                            + " is required for a " + payload.path("event").path("type").asText() + " event"));
                }
                continue;
            }
            if (!value.isTextual()) {
                return Optional.of(new Rejected(400, "malformed_event", name(field.pointer()) + " is not a string"));
            }
            if (value.asText().length() > field.maxLength()) {
                return Optional.of(new Rejected(400, "field_too_long",
                        name(field.pointer()) + " is longer than " + field.maxLength() + " characters"));
            }
        }
        return Optional.empty();
    }

    /** {@code /event/item/ts} → {@code event.item.ts}, as the operator reads it in the 400. */
    private static String name(String pointer) {
        return pointer.substring(1).replace('/', '.');
    }

    /**
     * The fields of the events we store (questions, reactions on a message); other event types are acknowledged
     * and dropped unread, so their shapes (a {@code channel} object in {@code channel_created}) are not ours to judge.
     */
    private static List<Field> storedFields(JsonNode event) {
        String eventType = event.path("type").asText();
        if (eventType.equals("app_mention")
                || (eventType.equals("message") && "im".equals(event.path("channel_type").asText()))) {
            return QUESTION;
        }
        if (eventType.equals("reaction_added") && "message".equals(event.path("item").path("type").asText())) {
            return REACTION;
        }
        if (eventType.equals("assistant_thread_started") || eventType.equals("assistant_thread_context_changed")) {
            return ASSISTANT_THREAD;
        }
        return List.of();
    }
}
