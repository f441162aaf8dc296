package com.pitcrew.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The classifier's rules, read from data ({@code intent-rules.json}) and compiled once. Immutable and thread-safe:
 * compiled {@link Pattern}s are shareable, each match creates its own {@link Matcher}.
 */
final class RuleSet {

    static final String DEFAULT_RESOURCE = "/intent-rules.json";

    /** One rule: fires when any pattern is found and no 'unless' pattern is. */
    record Rule(String id, Intent intent, int priority, List<Pattern> any, List<Pattern> unless,
                double maxConfidence) {

        boolean fires(String normalized) {
            return anyFound(any, normalized) && !anyFound(unless, normalized);
        }

        private static boolean anyFound(List<Pattern> patterns, String text) {
            for (Pattern pattern : patterns) {
                if (pattern.matcher(text).find()) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * What the rules say of one message: the deciding rule (null when none fired) and whether a rule of another
     * intent fired too, which makes the message ambiguous.
     */
    record Match(Rule winner, boolean contested) {
    }

    private static final Pattern LEADING_MENTION = Pattern.compile("^\\s*(?:<@[A-Za-z0-9]+(?:\\|[^>]*)?>[\\s,:]*)+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern LEXICON_REFERENCE = Pattern.compile("\\{([a-z]+)\\}");
    private static final int MAX_LEXICON_DEPTH = 4;

    /** Highest priority first; ties keep file order, so the file reads top-down as the decision order. */
    private final List<Rule> rules;
    private final double ambiguityMargin;
    private final double noMatchMaxConfidence;

    private RuleSet(List<Rule> rules, double ambiguityMargin, double noMatchMaxConfidence) {
        this.rules = List.copyOf(rules);
        this.ambiguityMargin = ambiguityMargin;
        this.noMatchMaxConfidence = noMatchMaxConfidence;
    }

    static RuleSet loadDefault() {
        try (InputStream in = RuleSet.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return parse(new ObjectMapper().readTree(in), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    static RuleSet parse(JsonNode root, String source) {
        Map<String, String> lexicons = new HashMap<>();
        root.path("lexicons").fields().forEachRemaining(entry -> lexicons.put(entry.getKey(), entry.getValue().asText()));
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode node : root.path("rules")) {
            String id = node.path("id").asText("");
            if (id.isEmpty() || id.equals(PatternClassifier.NO_RULE) || !ids.add(id)) {
                throw new IllegalStateException(source + ": rule id missing, reserved or repeated: '" + id + "'");
            }
            Intent intent = Intent.fromWireName(node.path("intent").asText())
                    .orElseThrow(() -> new IllegalStateException(source + ": rule " + id + " has an unknown intent"));
            List<Pattern> any = compileAll(node.path("any"), lexicons, source, id);
            if (any.isEmpty()) {
                throw new IllegalStateException(source + ": rule " + id + " has no 'any' pattern");
            }
            rules.add(new Rule(id, intent, node.path("priority").asInt(0), any,
                    compileAll(node.path("unless"), lexicons, source, id), node.path("maxConfidence").asDouble(1.0)));
        }
        rules.sort(Comparator.comparingInt(Rule::priority).reversed());
        return new RuleSet(rules, unitValue(root, "ambiguityMargin", source),
                unitValue(root, "noMatchMaxConfidence", source));
    }

    private static double unitValue(JsonNode root, String field, String source) {
        double value = root.path(field).asDouble(Double.NaN);
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalStateException(source + ": " + field + " must be in [0, 1]");
        }
        return value;
    }

    private static List<Pattern> compileAll(JsonNode patterns, Map<String, String> lexicons, String source, String id) {
        List<Pattern> compiled = new ArrayList<>();
        for (JsonNode pattern : patterns) {
            String expanded = expand(pattern.asText(), lexicons, source, id);
            try {
                compiled.add(Pattern.compile(expanded, Pattern.UNICODE_CHARACTER_CLASS));
            } catch (PatternSyntaxException e) {
                throw new IllegalStateException(source + ": rule " + id + " has a bad pattern: " + e.getMessage(), e);
            }
        }
        return List.copyOf(compiled);
    }

    /** Replaces lexicon references, also inside lexicons, up to a depth that rules out a cycle. */
    private static String expand(String pattern, Map<String, String> lexicons, String source, String id) {
        String expanded = pattern;
        for (int depth = 0; depth < MAX_LEXICON_DEPTH; depth++) {
            String next = expandOnce(expanded, lexicons, source, id);
            if (next.equals(expanded)) {
                return expanded;
            }
            expanded = next;
        }
        throw new IllegalStateException(source + ": rule " + id + " has lexicons nested too deep (a cycle?)");
    }

    private static String expandOnce(String pattern, Map<String, String> lexicons, String source, String id) {
        Matcher reference = LEXICON_REFERENCE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String lexicon = lexicons.get(reference.group(1));
            if (lexicon == null) {
                throw new IllegalStateException(source + ": rule " + id + " names no lexicon '" + reference.group(1) + "'");
            }
            reference.appendReplacement(out, Matcher.quoteReplacement("(?:" + lexicon + ")"));
        }
        reference.appendTail(out);
        return out.toString();
    }

    List<Rule> rules() {
        return rules;
    }

    /** How much a contested message's confidence is lowered (policy, from the rules file). */
    double ambiguityMargin() {
        return ambiguityMargin;
    }

    /** The ceiling on the confidence of a message no rule matched (policy, from the rules file). */
    double noMatchMaxConfidence() {
        return noMatchMaxConfidence;
    }

    /** The request part of a Slack message: leading mention removed, lower-cased, whitespace collapsed. */
    static String normalize(String text) {
        String request = LEADING_MENTION.matcher(text).replaceFirst("");
        request = request.replace('\u2019', '\'').replace('\u2018', '\'').toLowerCase(Locale.ROOT);
        return WHITESPACE.matcher(request).replaceAll(" ").strip();
    }

    /** Matches an already normalized text. */
    Match match(String normalized) {
        Rule winner = null;
        for (Rule rule : rules) {
            if (winner != null && rule.intent() == winner.intent()) {
                continue; // cannot change the outcome: same intent, lower priority, and no conflict
            }
            if (rule.fires(normalized)) {
                if (winner != null) {
                    return new Match(winner, true);
                }
                winner = rule;
            }
        }
        return new Match(winner, false);
    }
}
