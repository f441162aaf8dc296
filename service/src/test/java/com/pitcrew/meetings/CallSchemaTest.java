package com.pitcrew.meetings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.support.TestApps;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published JSON Schema and the importer accept the same fields, at every level. */
class CallSchemaTest {

    private static List<String> properties(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    @Test
    void theSchemaDescribesExactlyTheFieldsTheImporterReads() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(TestApps.repoRoot().resolve("meetings/call.schema.json").toFile());
        assertThat(properties(schema)).containsExactlyInAnyOrderElementsOf(components(CallDocument.class));
        JsonNode fields = schema.path("properties");
        assertThat(properties(fields.path("attendees").path("items")))
                .containsExactlyInAnyOrderElementsOf(components(CallDocument.AttendeeEntry.class));
        assertThat(properties(fields.path("turns").path("items")))
                .containsExactlyInAnyOrderElementsOf(components(CallDocument.TurnEntry.class));
        assertThat(properties(fields.path("transcript")))
                .containsExactlyInAnyOrderElementsOf(components(CallDocument.TranscriptEntry.class));
        assertThat(schema.path("additionalProperties").asBoolean(true)).as("unknown fields are refused").isFalse();
    }
}
