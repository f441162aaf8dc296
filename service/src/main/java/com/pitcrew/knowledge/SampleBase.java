package com.pitcrew.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The sample product base in the jar ({@code airtable-sample/<Table>.json}, the JSON Airtable's list endpoint
 * returns), so a fresh machine answers product questions with no Airtable account. Stateless.
 */
final class SampleBase implements ProductSource {

    static final String LOCATION = "airtable-sample/";

    private final ObjectMapper json;

    SampleBase(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String describe() {
        return "the sample base shipped in the jar";
    }

    @Override
    public List<AirtableRecord> records(ProductTable table, IntConsumer onPage) {
        String resource = LOCATION + table.airtableName() + ".json";
        try (InputStream in = SampleBase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("sample base file missing from the jar: " + resource);
            }
            List<AirtableRecord> records = new ArrayList<>();
            for (JsonNode node : json.readTree(in).path("records")) {
                AirtableRecord.fromJson(node).ifPresent(records::add);
            }
            onPage.accept(records.size());
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
