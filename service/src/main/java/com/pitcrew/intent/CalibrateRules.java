package com.pitcrew.intent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes {@code intent-calibration.json} from the rules, the corpus they were written against (in sample) and
 * the sets written blind to them (out of sample); never from the frozen evaluation set. From the repository root:
 *
 * <pre>
 * java -cp service/target/pitcrew.jar com.pitcrew.intent.CalibrateRules \
 *     service/src/main/resources/intent-calibration.json service
 * </pre>
 *
 * {@code CalibrationDriftTest} fails when the checked-in file differs from what this computes.
 */
public final class CalibrateRules {

    /** The corpus the rules are written against, relative to the service module. */
    public static final List<String> CORPUS = List.of(
            "src/test/resources/intents-dev.jsonl", "src/test/resources/intents-extra.jsonl",
            "src/test/resources/intents-tuning-blind.jsonl",
            "src/test/resources/intents-tuning2-blind.jsonl", "src/test/resources/intents-tuning3-blind.jsonl",
            "src/test/resources/intents-tuning4-blind.jsonl");

    /**
     * Written blind to the rules and never read message by message to change them: only their counts enter the
     * calibration, so the confidences are measured out of sample.
     */
    public static final List<String> OUT_OF_SAMPLE = List.of(
            "src/test/resources/intents-calibration-blind.jsonl", "src/test/resources/intents-calibration3-blind.jsonl",
            "src/test/resources/intents-calibration4-blind.jsonl",
            "src/test/resources/intents-calibration5-blind.jsonl");

    private CalibrateRules() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: CalibrateRules OUTPUT.json [SERVICE_MODULE_DIR]");
            System.exit(2);
        }
        Path module = Path.of(args.length == 2 ? args[1] : ".");
        Files.writeString(Path.of(args[0]), render(resolve(module, CORPUS), resolve(module, OUT_OF_SAMPLE)),
                StandardCharsets.UTF_8);
        System.out.println("wrote " + args[0]);
    }

    static List<Path> resolve(Path module, List<String> files) {
        return files.stream().map(module::resolve).toList();
    }

    /** The calibration file's content for the default rules measured on {@code corpus} and {@code blind}. */
    public static String render(List<Path> corpus, List<Path> blind) throws IOException {
        RuleSet rules = RuleSet.loadDefault();
        Calibration calibration = Calibration.measure(rules, rules.messageText(NameLexicon.sampleWorld()),
                read(corpus), read(blind));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = calibration.toJson(json, names(corpus), names(blind));
        return json.writeValueAsString(root) + "\n";
    }

    private static List<LabelledMessage> read(List<Path> files) {
        List<LabelledMessage> messages = new ArrayList<>();
        files.forEach(file -> messages.addAll(CorpusFile.readLabelled(file)));
        return messages;
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(file -> file.getFileName().toString()).toList();
    }
}
