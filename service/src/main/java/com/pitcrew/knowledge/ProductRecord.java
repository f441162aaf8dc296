package com.pitcrew.knowledge;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** One product record as stored: its Airtable id, creation time and normalised values by SQL column. */
record ProductRecord(ProductTable table, String id, long createdAt, Map<String, String> values) {

    ProductRecord {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(id, "id");
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    Optional<String> value(String column) {
        return Optional.ofNullable(values.get(column));
    }

    /** The name (or question) that identifies the record to a person. */
    String title() {
        return value(table.titleColumn().sql()).orElse(id);
    }
}
