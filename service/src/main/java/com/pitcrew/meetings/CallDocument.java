package com.pitcrew.meetings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Our own JSON shape for a call ({@code meetings/call.schema.json} in the repository): metadata, attendees, and
 * either {@code turns} or a {@code transcript} in one of the file formats. A sidecar file ({@code NAME.meta.json}
 * beside {@code NAME.vtt}) has the same shape without the turns. Every field is optional here; the importer says
 * which ones a call needs. Unknown fields are refused, so a misspelt one is not silently dropped.
 */
record CallDocument(String id, String title, String account, String kind, String start, Integer durationMinutes,
                    List<AttendeeEntry> attendees, List<TurnEntry> turns, TranscriptEntry transcript) {

    static final CallDocument EMPTY = new CallDocument(null, null, null, null, null, null, null, null, null);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    record AttendeeEntry(String name, String email, String role, Boolean internal) {
    }

    record TurnEntry(String speaker, String text) {
    }

    record TranscriptEntry(String format, String content) {
    }

    /** Parses the JSON, or throws naming the line of the first problem. */
    static CallDocument parse(byte[] json) {
        try {
            CallDocument document = JSON.readValue(json, CallDocument.class);
            if (document == null) {
                throw new ImportException("the body is empty; expected a JSON object", 1);
            }
            return document;
        } catch (UnrecognizedPropertyException e) {
            throw new ImportException("unknown field '" + e.getPropertyName() + "' (see meetings/call.schema.json)",
                    lineOf(json, "\"" + e.getPropertyName() + "\""));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ImportException("not a call document: " + e.getOriginalMessage().replaceAll("\\s+", " "),
                    Math.max(line, 0));
        } catch (IOException e) {
            throw new ImportException("cannot read the JSON: " + e.getMessage());
        }
    }

    /** The first line holding {@code text}, for errors the parser reports past the place they are at. */
    private static int lineOf(byte[] json, String text) {
        String[] lines = new String(json, StandardCharsets.UTF_8).split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** This document with every field {@code over} sets replaced by its value (flags over a sidecar over a file). */
    CallDocument with(CallDocument over) {
        return new CallDocument(pick(over.id, id), pick(over.title, title), pick(over.account, account),
                pick(over.kind, kind), pick(over.start, start), pick(over.durationMinutes, durationMinutes),
                pick(over.attendees, attendees), pick(over.turns, turns), pick(over.transcript, transcript));
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
