package com.pitcrew.gong;

import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.meetings.MeetingImporter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Gong's JSON in our terms: a call's metadata (from the list and its extensive record), its parties as attendees
 * and its transcript's monologues as turns, each speaker named by the party whose {@code speakerId} it carries.
 * The account is the CRM context's Account name when Gong has one. Stateless.
 */
final class GongCalls {

    /** Our id for a Gong call: the importer replaces a call stored under it. */
    static final String ID_PREFIX = "gong:";
    private static final int MAX_TITLE = 255;
    private static final int MAX_NAME = 128;

    private GongCalls() {
    }

    static String id(JsonNode listed) {
        return listed.path("id").asText("");
    }

    /** When the call started, from the list item; empty when Gong sent none we can read. */
    static Optional<Instant> started(JsonNode listed) {
        String started = listed.path("started").asText("");
        try {
            return started.isEmpty() ? Optional.empty() : Optional.of(OffsetDateTime.parse(started).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether Gong sent a transcript with at least one sentence. */
    static boolean hasTranscript(Optional<JsonNode> transcript) {
        if (transcript.isEmpty()) {
            return false;
        }
        for (JsonNode monologue : transcript.get()) {
            for (JsonNode sentence : monologue.path("sentences")) {
                if (!sentence.path("text").asText("").isBlank()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The call to import; {@code extensive} may be missing (then no attendees, speakers by id). */
    static MeetingImporter.ExternalCall toCall(JsonNode listed, Optional<JsonNode> extensive, JsonNode transcript,
                                               Instant started) {
        JsonNode meta = extensive.map(found -> found.path("metaData")).filter(JsonNode::isObject).orElse(listed);
        String gongId = id(listed);
        String title = clip(text(meta, "title").or(() -> text(listed, "title")).orElse("Gong call " + gongId), MAX_TITLE);
        long seconds = meta.path("duration").asLong(listed.path("duration").asLong(0));
        int minutes = (int) Math.min(24 * 60, Math.max(0, Math.round(seconds / 60.0)));

        List<MeetingImporter.Person> attendees = new ArrayList<>();
        Map<String, String> speakers = new HashMap<>();
        for (JsonNode party : extensive.map(found -> found.path("parties")).orElse(listed.path("parties"))) {
            Optional<String> email = text(party, "emailAddress");
            Optional<String> name = text(party, "name").or(() -> email.map(address -> address.split("@")[0]));
            if (name.isEmpty()) {
                continue;
            }
            String shown = clip(name.get(), MAX_NAME);
            text(party, "speakerId").ifPresent(speaker -> speakers.put(speaker, shown));
            attendees.add(new MeetingImporter.Person(shown, email, text(party, "title"), internal(party)));
        }

        List<MeetingImporter.Spoken> turns = new ArrayList<>();
        for (JsonNode monologue : transcript) {
            StringBuilder said = new StringBuilder();
            for (JsonNode sentence : monologue.path("sentences")) {
                String line = sentence.path("text").asText("").strip();
                if (!line.isEmpty()) {
                    said.append(said.length() == 0 ? "" : " ").append(line);
                }
            }
            if (said.length() == 0) {
                continue;
            }
            String speakerId = monologue.path("speakerId").asText("");
            String speaker = speakers.getOrDefault(speakerId, speakerId.isEmpty() ? "Unknown speaker"
                    : clip("Speaker " + speakerId, MAX_NAME));
            int last = turns.size() - 1;
            if (last >= 0 && turns.get(last).speaker().equals(speaker)) {
                // Gong splits a speaker's monologue at topic changes; one speaker's consecutive lines are one turn.
                turns.set(last, new MeetingImporter.Spoken(speaker, turns.get(last).text() + " " + said));
            } else {
                turns.add(new MeetingImporter.Spoken(speaker, said.toString()));
            }
        }
        return new MeetingImporter.ExternalCall(ID_PREFIX + gongId, title, extensive.flatMap(GongCalls::crmAccount),
                started, minutes, attendees, turns);
    }

    /** The name of the CRM Account object in the call's context (Salesforce, HubSpot, ...), if any. */
    static Optional<String> crmAccount(JsonNode extensive) {
        for (JsonNode system : extensive.path("context")) {
            for (JsonNode object : system.path("objects")) {
                if (!"account".equals(object.path("objectType").asText("").toLowerCase(Locale.ROOT))) {
                    continue;
                }
                for (JsonNode field : object.path("fields")) {
                    if ("name".equals(field.path("name").asText("").toLowerCase(Locale.ROOT))) {
                        Optional<String> name = Optional.of(field.path("value").asText("").strip())
                                .filter(value -> !value.isEmpty());
                        if (name.isPresent()) {
                            return name.map(value -> clip(value, MAX_NAME));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Gong's affiliation: Internal is our team, External the customer's; Unknown lets our domains decide. */
    private static Optional<Boolean> internal(JsonNode party) {
        String affiliation = party.path("affiliation").asText("");
        if (affiliation.equalsIgnoreCase("Internal")) {
            return Optional.of(true);
        }
        return affiliation.equalsIgnoreCase("External") ? Optional.of(false) : Optional.empty();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText().strip()) : Optional.empty();
    }

    private static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
