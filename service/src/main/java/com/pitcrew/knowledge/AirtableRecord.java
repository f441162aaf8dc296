package com.pitcrew.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/** A record as Airtable's REST API returns it: {@code {"id", "createdTime", "fields": {...}}}. */
record AirtableRecord(String id, String createdTime, JsonNode fields) {

    AirtableRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fields, "fields");
    }

    static Optional<AirtableRecord> fromJson(JsonNode node) {
        String id = node.path("id").asText("");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AirtableRecord(id, node.path("createdTime").asText(null), node.path("fields")));
    }

    Optional<ProductRecord> toProduct(ProductTable table) {
        return table.fromAirtable(id, createdTime, fields);
    }
}
