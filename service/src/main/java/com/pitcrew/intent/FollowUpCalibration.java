package com.pitcrew.intent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures the follow-up rules on labelled threads and turns the counts into their confidences: for each rule, of
 * the later turns it fired on, how many really were follow-ups asking for the intent it gave, taken at the Wilson
 * lower bound the pattern rules' cells use (a rule measured on few turns is trusted less). The rules were written
 * against the calibration threads, so that record is in sample; a second set, written blind to the rules and never
 * used to change them, gives the out-of-sample record, and the confidence is the worse of the two, as for a
 * pattern cell ({@link #confidence}). The thread's previous intent is the previous turn's label, as if that turn had been
 * answered right. Regenerate the shipped file with
 * {@code java -cp service/target/pitcrew.jar com.pitcrew.intent.FollowUpCalibration
 * service/src/test/resources/followups-calibration.jsonl
 * service/src/test/resources/followups-calibration2-blind.jsonl service/src/main/resources/intent-followups.json}.
 * Stateless.
 */
public final class FollowUpCalibration {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One turn of a labelled thread. */
    public record Turn(String thread, int turn, String text, boolean followUp, Intent intent) {
    }

    /** Per rule: turns it fired on and how many of those it got right; and the follow-ups it got right overall. */
    public record Counts(Map<FollowUpRule.Kind, long[]> byKind, long followUps, long followUpsRecognised) {

        /** The Wilson lower bound the pattern rules' cells use ({@link Calibration#WILSON_Z}), uncapped. */
        public double measured(FollowUpRule.Kind kind) {
            long[] counts = byKind.get(kind);
            return Math.round(Calibration.wilsonLowerBound(Math.toIntExact(counts[1]), Math.toIntExact(counts[0]),
                    Calibration.WILSON_Z) * 1000) / 1000.0;
        }

        /** Of all turns the rules fired on, the share that were follow-ups with the right intent. */
        public double precision() {
            long fired = byKind.values().stream().mapToLong(counts -> counts[0]).sum();
            long correct = byKind.values().stream().mapToLong(counts -> counts[1]).sum();
            return fired == 0 ? 0 : (double) correct / fired;
        }

        public long fired() {
            return byKind.values().stream().mapToLong(counts -> counts[0]).sum();
        }

        public long correct() {
            return byKind.values().stream().mapToLong(counts -> counts[1]).sum();
        }
    }

    private FollowUpCalibration() {
    }

    /** Reads a threads file; a bad line is named in the error. */
    public static List<Turn> read(Path file) throws IOException {
        List<Turn> turns = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(lines.get(i));
                Optional<Intent> intent = Intent.fromWireName(node.path("intent").asText(""));
                if (!node.path("thread").isTextual() || !node.path("turn").isInt() || !node.path("text").isTextual()
                        || !node.path("followUp").isBoolean() || intent.isEmpty()) {
                    throw new IllegalArgumentException(file + " line " + (i + 1)
                            + ": needs thread, turn, text, followUp and a known intent");
                }
                turns.add(new Turn(node.path("thread").asText(), node.path("turn").asInt(),
                        node.path("text").asText(), node.path("followUp").asBoolean(), intent.get()));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not JSON", e);
            }
        }
        return turns;
    }

    public static Counts measure(List<Turn> turns, IntentClassifier classifier, FollowUpRule rule) {
        Map<FollowUpRule.Kind, long[]> byKind = new EnumMap<>(FollowUpRule.Kind.class);
        for (FollowUpRule.Kind kind : FollowUpRule.Kind.values()) {
            byKind.put(kind, new long[2]);
        }
        long followUps = 0;
        long recognised = 0;
        Turn previous = null;
        for (Turn turn : turns) {
            boolean later = previous != null && previous.thread().equals(turn.thread());
            if (later) {
                followUps += turn.followUp() ? 1 : 0;
                Optional<FollowUpRule.FollowUp> found = rule.recognise(turn.text(),
                        classifier.classify(turn.text()), previous.intent(), classifier.namesSomeone(turn.text()));
                if (found.isPresent()) {
                    long[] counts = byKind.get(found.get().kind());
                    counts[0]++;
                    boolean right = turn.followUp() && found.get().classification().intent() == turn.intent();
                    counts[1] += right ? 1 : 0;
                    recognised += right ? 1 : 0;
                }
            }
            previous = turn;
        }
        return new Counts(byKind, followUps, recognised);
    }

    /**
     * A rule's confidence, as a pattern cell's: the lower of its in-sample and out-of-sample Wilson bounds, and
     * no more than {@code unmeasuredMaxConfidence} while the out-of-sample threads gave it fewer than
     * {@code minOutOfSample} firings.
     */
    public static double confidence(Counts inSample, Optional<Counts> outOfSample, FollowUpRule.Kind kind,
                                    double unmeasuredMax, int minOutOfSample) {
        double in = inSample.measured(kind);
        if (outOfSample.isEmpty() || outOfSample.get().byKind().get(kind)[0] < minOutOfSample) {
            return Math.min(unmeasuredMax, in);
        }
        return Math.min(in, outOfSample.get().measured(kind));
    }

    /**
     * {@code <calibration threads> [<blind threads>] <intent-followups.json>}: the first set is the one the rules
     * were written against (in sample); the optional second was written blind to the rules and never used to
     * change them (out of sample).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: FollowUpCalibration <threads.jsonl> [<blind-threads.jsonl>] "
                    + "<intent-followups.json>");
            System.exit(2);
        }
        FollowUpRule provisional = new FollowUpRule(uniform());
        IntentClassifier classifier = PatternClassifier.loadDefault();
        Counts inSample = measure(read(Path.of(args[0])), classifier, provisional);
        Optional<Counts> outOfSample = args.length == 3
                ? Optional.of(measure(read(Path.of(args[1])), classifier, provisional)) : Optional.empty();
        Path output = Path.of(args[args.length - 1]);
        JsonNode rules = rulesFile();
        double cap = rules.path("unmeasuredMaxConfidence").asDouble();
        int minOutOfSample = rules.path("minOutOfSample").asInt();
        ObjectNode out = JSON.createObjectNode();
        out.put("source", Path.of(args[0]).getFileName().toString());
        if (args.length == 3) {
            out.put("blindSource", Path.of(args[1]).getFileName().toString());
        }
        out.put("cap", cap);
        out.put("minOutOfSample", minOutOfSample);
        ObjectNode confidence = out.putObject("confidence");
        ObjectNode measured = out.putObject("measured");
        ObjectNode fired = out.putObject("fired");
        ObjectNode correct = out.putObject("correct");
        ObjectNode blindMeasured = out.putObject("blindMeasured");
        ObjectNode blindFired = out.putObject("blindFired");
        ObjectNode blindCorrect = out.putObject("blindCorrect");
        for (FollowUpRule.Kind kind : FollowUpRule.Kind.values()) {
            confidence.put(kind.ruleId(), confidence(inSample, outOfSample, kind, cap, minOutOfSample));
            measured.put(kind.ruleId(), inSample.measured(kind));
            fired.put(kind.ruleId(), inSample.byKind().get(kind)[0]);
            correct.put(kind.ruleId(), inSample.byKind().get(kind)[1]);
            outOfSample.ifPresent(blind -> {
                blindMeasured.put(kind.ruleId(), blind.measured(kind));
                blindFired.put(kind.ruleId(), blind.byKind().get(kind)[0]);
                blindCorrect.put(kind.ruleId(), blind.byKind().get(kind)[1]);
            });
        }
        Files.writeString(output, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
        System.err.printf("in sample: %d of %d fired right (precision %.3f); %d of %d follow-ups recognised%n",
                inSample.correct(), inSample.fired(), inSample.precision(), inSample.followUpsRecognised(),
                inSample.followUps());
        outOfSample.ifPresent(blind -> System.err.printf("out of sample: %d of %d fired right (precision %.3f); "
                        + "%d of %d follow-ups recognised%n", blind.correct(), blind.fired(), blind.precision(),
                blind.followUpsRecognised(), blind.followUps()));
    }

    static double unmeasuredMaxConfidence() throws IOException {
        return rulesFile().path("unmeasuredMaxConfidence").asDouble();
    }

    static int minOutOfSample() throws IOException {
        return rulesFile().path("minOutOfSample").asInt();
    }

    /** The pattern rules' file, whose calibration policy the follow-up rules share. */
    private static JsonNode rulesFile() throws IOException {
        try (java.io.InputStream in = FollowUpCalibration.class.getResourceAsStream("/intent-rules.json")) {
            if (in == null) {
                throw new IllegalStateException("/intent-rules.json is missing from the classpath");
            }
            return JSON.readTree(in);
        }
    }

    /** Confidences do not change what fires or which intent it gives, so calibration starts from any. */
    static Map<FollowUpRule.Kind, Double> uniform() {
        Map<FollowUpRule.Kind, Double> uniform = new EnumMap<>(FollowUpRule.Kind.class);
        for (FollowUpRule.Kind kind : FollowUpRule.Kind.values()) {
            uniform.put(kind, 0.5);
        }
        return uniform;
    }
}
