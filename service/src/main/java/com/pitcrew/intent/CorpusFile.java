package com.pitcrew.intent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes JSON-lines message files ({@code {"text": ..., "intent": ...}} a line). Every line read is
 * validated before anything is returned, so a caller never acts on half a file; blank lines are skipped.
 */
public final class CorpusFile {

    /** One validated line: its 1-based number in the file and the JSON object as written. */
    public record Line(int number, ObjectNode fields) {

        public String text() {
            return fields.get("text").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private CorpusFile() {
    }

    /** Writes {@code fields} (with {@code text} and {@code intent} first, as the readers expect) as one line. */
    public static void writeLine(Writer writer, Map<String, ?> fields) {
        try {
            writer.write(JSON.writeValueAsString(fields));
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines that are JSON objects with a string {@code text}. */
    public static List<Line> readMessages(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readMessages(in, file.toString());
        } catch (IOException e) {
            throw new CorpusFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Lines that also carry a known {@code intent} label. */
    public static List<LabelledMessage> readLabelled(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabelled(in, file.toString());
        } catch (IOException e) {
            throw new CorpusFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static List<LabelledMessage> readLabelled(InputStream in, String source) {
        List<LabelledMessage> labelled = new ArrayList<>();
        for (Line line : readMessages(in, source)) {
            JsonNode label = line.fields().get("intent");
            if (label == null || !label.isTextual()) {
                throw new CorpusFormatException(source + " line " + line.number() + ": no \"intent\" label");
            }
            Intent intent = Intent.fromWireName(label.asText()).orElseThrow(() -> new CorpusFormatException(
                    source + " line " + line.number() + ": unknown intent \"" + label.asText() + "\""));
            labelled.add(new LabelledMessage(line.text(), intent));
        }
        return labelled;
    }

    public static List<Line> readMessages(InputStream in, String source) {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String raw = reader.readLine(); raw != null; raw = reader.readLine()) {
                number++;
                if (!raw.isBlank()) {
                    lines.add(parse(raw, number, source));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read", e);
        }
        return lines;
    }

    private static Line parse(String raw, int number, String source) {
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new CorpusFormatException(source + " line " + number + ": not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new CorpusFormatException(source + " line " + number + ": not a JSON object");
        }
        JsonNode text = object.get("text");
        if (text == null || !text.isTextual()) {
            throw new CorpusFormatException(source + " line " + number + ": no \"text\" string");
        }
        return new Line(number, object);
    }
}
