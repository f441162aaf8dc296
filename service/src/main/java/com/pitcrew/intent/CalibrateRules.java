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
 * Retrains the second opinion on the corpus the rules were written against, then recomputes
 * {@code intent-calibration.json} from the rules so reviewed, that corpus (in sample) and the sets written blind to
 * them (out of sample); never from the frozen evaluation sets. The model is written next to the calibration file.
 * From the repository root:
 *
 * <pre>
 * java -cp service/target/pitcrew.jar com.pitcrew.intent.CalibrateRules \
 *     service/src/main/resources/intent-calibration.json service
 * </pre>
 *
 * {@code CalibrationDriftTest} fails when either checked-in file differs from what this computes.
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
        Path output = Path.of(args[0]).toAbsolutePath();
        List<Path> corpus = resolve(module, CORPUS);
        SecondOpinion secondOpinion = trainSecondOpinion(corpus);
        Path model = output.resolveSibling(SecondOpinion.DEFAULT_RESOURCE.substring(1));
        secondOpinion.write(model);
        Files.writeString(output, render(secondOpinion, corpus, resolve(module, OUT_OF_SAMPLE)),
                StandardCharsets.UTF_8);
        System.out.println("wrote " + model + " and " + output);
    }

    static List<Path> resolve(Path module, List<String> files) {
        return files.stream().map(module::resolve).toList();
    }

    /** The second opinion trained on {@code corpus}, prepared as the rules see it with the sample world's names. */
    static SecondOpinion trainSecondOpinion(List<Path> corpus) {
        RuleSet rules = RuleSet.loadDefault();
        MessageText text = rules.messageText(NameLexicon.sampleWorld());
        List<LabelledMessage> messages = read(corpus);
        return SecondOpinion.train(messages.stream().map(message -> text.prepare(message.text()).text()).toList(),
                messages.stream().map(LabelledMessage::intent).toList());
    }

    /**
     * The calibration file's content for the default rules, reviewed by {@code secondOpinion}, measured on
     * {@code corpus} and {@code blind}.
     */
    static String render(SecondOpinion secondOpinion, List<Path> corpus, List<Path> blind) throws IOException {
        RuleSet rules = RuleSet.loadDefault();
        Calibration calibration = Calibration.measure(rules, secondOpinion,
                rules.messageText(NameLexicon.sampleWorld()), read(corpus), read(blind));
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
