package com.pitcrew.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Confidences measured, never typed in, and measured out of sample. Each message is counted in one cell of its
 * deciding rule: {@code alone} (no rule of another intent fired, no guard vetoed), {@code contested} (another intent's
 * rule fired too) or {@code guarded} (a structural guard or a corrected typo vetoed a confident answer); {@code none}
 * when no rule fired. Every cell is counted twice: on the corpus the rules were written against (in sample) and on a
 * set written blind to the rules and never used to change them (out of sample). A cell's confidence is its worst
 * measured value: the lower of the two Wilson score lower bounds, and no more than the rules file's
 * {@code unmeasuredMaxConfidence} while the blind set holds fewer than {@code minOutOfSample} of its messages. At
 * classification time a rule's own {@code ambiguity} (its trigger words are known to be ambiguous) is subtracted, a
 * contested message takes the lower of its two cells minus the ambiguity margin, and a guarded one takes its
 * guarded cell, capped at {@code guardedMaxConfidence} (it is vetoed and never skips, so its confidence need only be
 * honest). Immutable and thread-safe.
 */
final class Calibration {

    static final String DEFAULT_RESOURCE = "/intent-calibration.json";

    /** One-sided z of the Wilson bound: about the 84% lower confidence limit. */
    static final double WILSON_Z = 1.0;

    /** Stored values are rounded so the checked-in file is stable and diffable. */
    private static final double ROUNDING = 1e4;

    /** How many messages of a cell a set held and how many the rule got right. */
    record Counts(int messages, int correct) {

        static final Counts NONE = new Counts(0, 0);

        Counts plus(boolean right) {
            return new Counts(messages + 1, correct + (right ? 1 : 0));
        }

        double lowerBound() {
            return wilsonLowerBound(correct, messages, WILSON_Z);
        }
    }

    record Cell(Counts inSample, Counts outOfSample, double confidence) {

        /**
         * A cell that may skip ({@code alone}) is trusted no further than its worst lower bound. A cell that never
         * skips (contested, guarded, none) only has to say how often it is right, for the fallback and for
         * calibration: its Laplace-smoothed precision over both sets, capped by the policy (contested like any
         * unmeasured cell, guarded and none by their own caps, below the default threshold).
         */
        static Cell measuredEstimate(Counts inSample, Counts outOfSample, double cap) {
            int messages = inSample.messages() + outOfSample.messages();
            int correct = inSample.correct() + outOfSample.correct();
            double estimate = (correct + 1.0) / (messages + 2.0);
            return new Cell(inSample, outOfSample, round(Math.min(estimate, cap)));
        }

        static Cell measured(Counts inSample, Counts outOfSample, RuleSet.Policy policy) {
            double confidence;
            if (outOfSample.messages() >= policy.minOutOfSample()) {
                confidence = inSample.messages() == 0 ? outOfSample.lowerBound()
                        : Math.min(inSample.lowerBound(), outOfSample.lowerBound());
            } else if (inSample.messages() == 0) {
                // Barely seen anywhere: say how often it was right, for the fallback, never enough to skip.
                return measuredEstimate(inSample, outOfSample, policy.unmeasuredMaxConfidence());
            } else {
                confidence = Math.min(inSample.lowerBound(), policy.unmeasuredMaxConfidence());
            }
            return new Cell(inSample, outOfSample, round(confidence));
        }
    }

    /** A rule's three cells. */
    record RuleCells(Cell alone, Cell contested, Cell guarded) {
    }

    private final Map<String, RuleCells> rules;
    private final Cell none;

    private Calibration(Map<String, RuleCells> rules, Cell none) {
        this.rules = Map.copyOf(rules);
        this.none = none;
    }

    /** The confidence for a match, as the class comment describes. */
    double confidence(RuleSet.Match match, RuleSet.Policy policy) {
        if (match.winner() == null) {
            return round(Math.min(none.confidence(), policy.noMatchMaxConfidence()));
        }
        RuleCells cells = rules.get(match.winner().id());
        if (cells == null) {
            return 0.0; // a rule never measured earns no trust
        }
        double confidence = cells.alone().confidence();
        if (match.contested()) {
            confidence = Math.min(confidence, cells.contested().confidence()) - policy.ambiguityMargin();
        }
        if (match.guarded()) {
            // Vetoed, so it never skips: say how often such messages are right, not less.
            confidence = Math.min(cells.guarded().confidence(), policy.guardedMaxConfidence());
        }
        confidence -= match.winner().ambiguity();
        return round(Math.max(0.0, Math.min(confidence, match.winner().maxConfidence())));
    }

    /**
     * Measures every cell with {@code rules} as reviewed by {@code secondOpinion}: in sample on {@code corpus}, out
     * of sample on {@code blind}.
     */
    static Calibration measure(RuleSet rules, SecondOpinion secondOpinion, MessageText text,
                               List<LabelledMessage> corpus, List<LabelledMessage> blind) {
        Map<String, Counts[]> inSample = count(rules, secondOpinion, text, corpus);
        Map<String, Counts[]> outOfSample = count(rules, secondOpinion, text, blind);
        Map<String, RuleCells> cells = new LinkedHashMap<>();
        RuleSet.Policy policy = rules.policy();
        for (RuleSet.Rule rule : rules.rules()) {
            Counts[] in = inSample.get(rule.id());
            Counts[] out = outOfSample.get(rule.id());
            cells.put(rule.id(), new RuleCells(Cell.measured(in[0], out[0], policy),
                    Cell.measuredEstimate(in[1], out[1], policy.unmeasuredMaxConfidence()),
                    Cell.measuredEstimate(in[2], out[2], policy.guardedMaxConfidence())));
        }
        return new Calibration(cells, Cell.measuredEstimate(inSample.get(PatternClassifier.NO_RULE)[0],
                outOfSample.get(PatternClassifier.NO_RULE)[0], policy.noMatchMaxConfidence()));
    }

    /** Per rule id (and {@code none}), the counts of its alone, contested and guarded cells. */
    private static Map<String, Counts[]> count(RuleSet rules, SecondOpinion secondOpinion, MessageText text,
                                               List<LabelledMessage> messages) {
        Map<String, Counts[]> counts = new LinkedHashMap<>();
        rules.rules().forEach(rule -> counts.put(rule.id(), new Counts[] {Counts.NONE, Counts.NONE, Counts.NONE}));
        counts.put(PatternClassifier.NO_RULE, new Counts[] {Counts.NONE, Counts.NONE, Counts.NONE});
        for (LabelledMessage message : messages) {
            MessageText.Prepared prepared = text.prepare(message.text());
            RuleSet.Match match = secondOpinion.match(rules, prepared);
            Intent predicted = secondOpinion.intentOf(match, prepared.text());
            Counts[] cells = counts.get(match.winner() == null ? PatternClassifier.NO_RULE : match.winner().id());
            int cell = match.contested() ? 1 : match.guarded() ? 2 : 0;
            cells[cell] = cells[cell].plus(predicted == message.intent());
        }
        return counts;
    }

    /** Wilson score interval lower bound for {@code correct} successes in {@code n} trials; 0 when n is 0. */
    static double wilsonLowerBound(int correct, int n, double z) {
        if (n == 0) {
            return 0.0;
        }
        double p = (double) correct / n;
        double z2 = z * z;
        double centre = p + z2 / (2.0 * n);
        double spread = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return Math.max(0.0, (centre - spread) / (1 + z2 / n));
    }

    private static double round(double value) {
        return Math.round(value * ROUNDING) / ROUNDING;
    }

    static Calibration loadDefault() {
        try (InputStream in = Calibration.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE
                        + ": run com.pitcrew.intent.CalibrateRules");
            }
            return fromJson(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    static Calibration fromJson(JsonNode root) {
        Map<String, RuleCells> cells = new LinkedHashMap<>();
        root.path("rules").properties().forEach(entry -> cells.put(entry.getKey(), new RuleCells(
                cellFromJson(entry.getValue().path("alone")), cellFromJson(entry.getValue().path("contested")),
                cellFromJson(entry.getValue().path("guarded")))));
        return new Calibration(cells, cellFromJson(root.path("none")));
    }

    private static Cell cellFromJson(JsonNode node) {
        return new Cell(countsFromJson(node.path("inSample")), countsFromJson(node.path("outOfSample")),
                node.path("confidence").asDouble(0.0));
    }

    private static Counts countsFromJson(JsonNode node) {
        return new Counts(node.path("messages").asInt(), node.path("correct").asInt());
    }

    /** The stored form; {@code corpus} and {@code blind} name what was measured, for the reader. */
    ObjectNode toJson(ObjectMapper json, List<String> corpus, List<String> blind) {
        ObjectNode root = json.createObjectNode();
        root.put("about", "Generated by com.pitcrew.intent.CalibrateRules; do not edit by hand. Each cell is counted "
                + "in sample (the corpus the rules were written against) and out of sample (sets written blind to the "
                + "rules, never used to change them); confidence = the lower of the two Wilson lower bounds (z = "
                + WILSON_Z + "), capped while the cell is unmeasured out of sample.");
        root.putPOJO("corpus", corpus);
        root.putPOJO("outOfSample", blind);
        root.set("none", cellJson(json, none));
        ObjectNode ruleNodes = root.putObject("rules");
        rules.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            ObjectNode ruleNode = ruleNodes.putObject(entry.getKey());
            ruleNode.set("alone", cellJson(json, entry.getValue().alone()));
            ruleNode.set("contested", cellJson(json, entry.getValue().contested()));
            ruleNode.set("guarded", cellJson(json, entry.getValue().guarded()));
        });
        return root;
    }

    private static ObjectNode cellJson(ObjectMapper json, Cell cell) {
        ObjectNode node = json.createObjectNode();
        node.set("inSample", countsJson(json, cell.inSample()));
        node.set("outOfSample", countsJson(json, cell.outOfSample()));
        node.put("confidence", cell.confidence());
        return node;
    }

    private static ObjectNode countsJson(ObjectMapper json, Counts counts) {
        ObjectNode node = json.createObjectNode();
        node.put("messages", counts.messages());
        node.put("correct", counts.correct());
        return node;
    }
}
