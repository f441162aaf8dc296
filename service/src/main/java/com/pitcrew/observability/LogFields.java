package com.pitcrew.observability;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured fields for one log line. Passed as the last argument of an SLF4J call, the JSON layout
 * ({@link StructuredJsonLayoutFactory}) writes them as top-level fields; other layouts ignore them.
 */
public final class LogFields {

    private final Map<String, Object> fields;

    private LogFields(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static LogFields of(Map<String, ?> fields) {
        return new LogFields(new LinkedHashMap<>(fields));
    }

    public static LogFields of(String key, Object value) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(key, value);
        return new LogFields(one);
    }

    public static LogFields of(String key1, Object value1, String key2, Object value2) {
        Map<String, Object> two = new LinkedHashMap<>();
        two.put(key1, value1);
        two.put(key2, value2);
        return new LogFields(two);
    }

    public static LogFields of(String key1, Object value1, String key2, Object value2, String key3, Object value3) {
        Map<String, Object> three = new LinkedHashMap<>();
        three.put(key1, value1);
        three.put(key2, value2);
        three.put(key3, value3);
        return new LogFields(three);
    }

    public Map<String, Object> asMap() {
        return fields;
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
