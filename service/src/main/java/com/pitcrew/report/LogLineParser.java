package com.pitcrew.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one log line with Jackson's streaming parser: the whole line is checked as one JSON object, but only the
 * fields of {@link LogEvent} are kept, so a line costs no tree. The report and the end-to-end bench both read the
 * service's log through this class. Not thread-safe (one per reader).
 */
public final class LogLineParser {

    private static final JsonFactory JSON = new JsonFactory();
    // The layout's timestampFormat: yyyy-MM-dd'T'HH:mm:ss.SSSX (Z in UTC, +01 elsewhere).
    private static final DateTimeFormatter OFFSET_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX");

    /** The line's fields, or empty when it is not one complete JSON object (a malformed line). */
    public Optional<LogEvent> parse(String line) {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Fields fields = new Fields();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                fields.read(name, value, parser);
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.of(fields.event());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What one line holds so far. */
    private static final class Fields {
        private long at = -1;
        private String message = "";
        private Long total;
        private Map<String, Long> stages = Map.of();
        private String intent;
        private String validation;
        private String flag;
        private Boolean agreed;
        private String patternIntent;
        private String rule;
        private String reaction;
        private String correlationId;
        private String eventId;
        private Long queueWait;
        private String speculation;
        private String reason;

        void read(String name, JsonToken value, JsonParser parser) throws IOException {
            switch (name) {
                case "@timestamp" -> at = value == JsonToken.VALUE_STRING ? millis(parser.getText()) : -1;
                case "message" -> message = value == JsonToken.VALUE_STRING ? parser.getText() : "";
                case "totalTimeMs" -> total = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                case "stages" -> stages = stages(value, parser);
                case "intent" -> intent = text(value, parser);
                case "validation" -> validation = text(value, parser);
                case "flag" -> flag = text(value, parser);
                case "shadowAgreed" -> agreed = value == JsonToken.VALUE_TRUE ? Boolean.TRUE
                        : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                case "patternIntent" -> patternIntent = text(value, parser);
                case "rule" -> rule = text(value, parser);
                case "reaction" -> reaction = text(value, parser);
                case "correlationId" -> correlationId = text(value, parser);
                case "eventId" -> eventId = text(value, parser);
                case "queueWaitMs" -> queueWait = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                case "speculation" -> speculation = text(value, parser);
                case "reason" -> reason = text(value, parser);
                default -> parser.skipChildren();
            }
        }

        LogEvent event() {
            return new LogEvent(at, message, Optional.ofNullable(total), stages, Optional.ofNullable(intent),
                    Optional.ofNullable(validation), Optional.ofNullable(flag), Optional.ofNullable(agreed),
                    Optional.ofNullable(patternIntent), Optional.ofNullable(rule), Optional.ofNullable(reaction),
                    Optional.ofNullable(correlationId), Optional.ofNullable(eventId), Optional.ofNullable(queueWait),
                    Optional.ofNullable(speculation), Optional.ofNullable(reason));
        }

        private static String text(JsonToken value, JsonParser parser) throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            parser.skipChildren();
            return null;
        }

        private static Map<String, Long> stages(JsonToken value, JsonParser parser) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return Map.of();
            }
            Map<String, Long> stages = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String stage = parser.currentName();
                if (parser.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                    stages.put(stage, parser.getLongValue());
                } else {
                    parser.skipChildren();
                }
            }
            return stages;
        }

        private static long millis(String text) {
            try {
                return text.endsWith("Z") ? Instant.parse(text).toEpochMilli()
                        : OffsetDateTime.parse(text, OFFSET_TIMESTAMP).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return -1;
            }
        }
    }
}
