package com.pitcrew.intent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recomputes {@code intent-calibration.json} from the rules and the calibration corpus (never the held-out set).
 * From the repository root:
 *
 * <pre>
 * java -cp service/target/pitcrew.jar com.pitcrew.intent.CalibrateRules \
 *     service/src/main/resources/intent-calibration.json \
 *     service/src/test/resources/intents-dev.jsonl service/src/test/resources/intents-extra.jsonl
 * </pre>
 *
 * {@code CalibrationDriftTest} fails when the checked-in file differs from what this computes.
 */
public final class CalibrateRules {

    /** The calibration corpus, relative to the service module. */
    public static final List<String> CORPUS = List.of(
            "src/test/resources/intents-dev.jsonl", "src/test/resources/intents-extra.jsonl");

    private CalibrateRules() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: CalibrateRules OUTPUT.json CORPUS.jsonl...");
            System.exit(2);
        }
        List<Path> corpus = Arrays.stream(args).skip(1).map(Path::of).toList();
        Files.writeString(Path.of(args[0]), render(corpus), StandardCharsets.UTF_8);
        System.out.println("wrote " + args[0] + " from " + corpus);
    }

    /** The calibration file's content for the default rules measured on {@code corpus}. */
    public static String render(List<Path> corpus) throws IOException {
        List<LabelledMessage> messages = new ArrayList<>();
        corpus.forEach(file -> messages.addAll(CorpusFile.readLabelled(file)));
        Calibration calibration = Calibration.measure(RuleSet.loadDefault(), messages);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<String> names = corpus.stream().map(file -> file.getFileName().toString()).toList();
        ObjectNode root = calibration.toJson(json, names);
        return json.writeValueAsString(root) + "\n";
    }
}
