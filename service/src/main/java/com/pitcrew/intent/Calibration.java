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
 * Confidences measured on a labelled corpus, never typed in. Each message is counted in one cell: its deciding rule's
 * {@code alone} cell when no rule of another intent fired, the rule's {@code contested} cell when one did (the
 * conflict resolved by priority is judged on its own record), or {@code none} when no rule fired. A cell's confidence
 * is the Wilson score lower bound of its precision, so a cell seen on few messages cannot claim a high confidence.
 * A contested message gets the lower of its rule's two values minus the ambiguity margin of the rules file.
 * Immutable and thread-safe.
 */
final class Calibration {

    static final String DEFAULT_RESOURCE = "/intent-calibration.json";

    /** One-sided z of the Wilson bound: about the 84% lower confidence limit. */
    static final double WILSON_Z = 1.0;

    /** Stored values are rounded so the checked-in file is stable and diffable. */
    private static final double ROUNDING = 1e4;

    record Cell(int messages, int correct, double confidence) {
    }

    /** A rule's two cells. */
    record RuleCells(Cell alone, Cell contested) {
    }

    private final Map<String, RuleCells> rules;
    private final Cell none;

    private Calibration(Map<String, RuleCells> rules, Cell none) {
        this.rules = Map.copyOf(rules);
        this.none = none;
    }

    /**
     * The confidence for a match: the rule's measured value; when contested, the lower of its two cells minus the
     * rule set's ambiguity margin; never above the rule's (or, with no rule, the rule set's) policy cap.
     */
    double confidence(RuleSet.Match match, RuleSet policy) {
        if (match.winner() == null) {
            return Math.min(none.confidence(), policy.noMatchMaxConfidence());
        }
        RuleCells cells = rules.get(match.winner().id());
        if (cells == null) {
            return 0.0; // a rule never measured earns no trust
        }
        double confidence = cells.alone().confidence();
        if (match.contested()) {
            confidence = Math.max(0.0, Math.min(confidence, cells.contested().confidence()) - policy.ambiguityMargin());
        }
        return round(Math.min(confidence, match.winner().maxConfidence())); // no 0.8000000000000002 in outputs
    }

    /** Measures every cell on {@code corpus} with {@code rules}. */
    static Calibration measure(RuleSet rules, List<LabelledMessage> corpus) {
        Map<String, int[]> aloneCounts = new LinkedHashMap<>();
        Map<String, int[]> contestedCounts = new LinkedHashMap<>();
        rules.rules().forEach(rule -> {
            aloneCounts.put(rule.id(), new int[2]);
            contestedCounts.put(rule.id(), new int[2]);
        });
        int[] noneCounts = new int[2];
        for (LabelledMessage message : corpus) {
            RuleSet.Match match = rules.match(RuleSet.normalize(message.text()));
            Intent predicted = match.winner() == null ? Intent.OTHER : match.winner().intent();
            int[] counts = match.winner() == null ? noneCounts
                    : (match.contested() ? contestedCounts : aloneCounts).get(match.winner().id());
            counts[0]++;
            if (predicted == message.intent()) {
                counts[1]++;
            }
        }
        Map<String, RuleCells> cells = new LinkedHashMap<>();
        aloneCounts.forEach((id, counts) -> cells.put(id, new RuleCells(cell(counts), cell(contestedCounts.get(id)))));
        return new Calibration(cells, cell(noneCounts));
    }

    private static Cell cell(int[] counts) {
        return new Cell(counts[0], counts[1], round(wilsonLowerBound(counts[1], counts[0], WILSON_Z)));
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
        root.path("rules").fields().forEachRemaining(entry -> cells.put(entry.getKey(), new RuleCells(
                cellFromJson(entry.getValue().path("alone")), cellFromJson(entry.getValue().path("contested")))));
        return new Calibration(cells, cellFromJson(root.path("none")));
    }

    private static Cell cellFromJson(JsonNode node) {
        return new Cell(node.path("messages").asInt(), node.path("correct").asInt(),
                node.path("confidence").asDouble(0.0));
    }

    /** The stored form; {@code corpus} names what was measured, for the reader. */
    ObjectNode toJson(ObjectMapper json, List<String> corpus) {
        ObjectNode root = json.createObjectNode();
        root.put("about", "Generated by com.pitcrew.intent.CalibrateRules from the corpus below; do not edit by hand. "
                + "confidence = Wilson lower bound (z = " + WILSON_Z + ") of the cell's precision.");
        root.putPOJO("corpus", corpus);
        root.set("none", cellJson(json, none));
        ObjectNode ruleNodes = root.putObject("rules");
        rules.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            ObjectNode ruleNode = ruleNodes.putObject(entry.getKey());
            ruleNode.set("alone", cellJson(json, entry.getValue().alone()));
            ruleNode.set("contested", cellJson(json, entry.getValue().contested()));
        });
        return root;
    }

    private static ObjectNode cellJson(ObjectMapper json, Cell cell) {
        ObjectNode node = json.createObjectNode();
        node.put("messages", cell.messages());
        node.put("correct", cell.correct());
        node.put("confidence", cell.confidence());
        return node;
    }
}
