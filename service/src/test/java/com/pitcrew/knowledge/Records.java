package com.pitcrew.knowledge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Builds product records and Airtable JSON for tests. */
final class Records {

    static final ObjectMapper JSON = new ObjectMapper();

    private Records() {
    }

    static ProductRecord feature(String id, String name, String description, String... plans) {
        ObjectNode fields = JSON.createObjectNode().put("Name", name).put("Description", description);
        ArrayNode list = fields.putArray("Plans");
        for (String plan : plans) {
            list.add(plan);
        }
        return ProductTable.FEATURES.fromAirtable(id, "2026-01-01T00:00:00.000Z", fields).orElseThrow();
    }

    static ObjectNode airtableFeature(String id, String name, String description) {
        ObjectNode record = JSON.createObjectNode().put("id", id).put("createdTime", "2026-01-01T00:00:00.000Z");
        record.putObject("fields").put("Name", name).put("Description", description).putArray("Plans").add("Growth");
        return record;
    }

    static String page(List<ObjectNode> records, String offset) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode array = page.putArray("records");
        records.forEach(array::add);
        if (offset != null) {
            page.put("offset", offset);
        }
        return page.toString();
    }

    /** The shipped sample base, as the tables a sync would store. */
    static Map<ProductTable, List<ProductRecord>> sample() {
        SampleBase sample = new SampleBase(JSON);
        Map<ProductTable, List<ProductRecord>> tables = new EnumMap<>(ProductTable.class);
        for (ProductTable table : ProductTable.values()) {
            List<ProductRecord> records = new ArrayList<>();
            sample.records(table, count -> { }).forEach(raw -> raw.toProduct(table).ifPresent(records::add));
            tables.put(table, records);
        }
        return tables;
    }
}
