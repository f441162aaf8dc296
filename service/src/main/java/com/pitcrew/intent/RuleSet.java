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
                double maxConfidence, double ambiguity) {

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
     * A structural feature that vetoes a confident answer whatever the keyword: an outbound send, a question about
     * the bot's abilities, an object that is not a call, feedback on the last answer. It does not veto the intents it
     * points at ({@code except}).
     */
    record Guard(String id, List<Pattern> any, Set<Intent> except) {

        boolean vetoes(Intent intent, String prepared) {
            return !except.contains(intent) && Rule.anyFound(any, prepared);
        }
    }

    /**
     * What the rules say of one message: the deciding rule (null when none fired), whether a rule of another intent
     * fired too (the message is ambiguous), and the guards that veto a confident answer ({@code typo} when a trigger
     * word had to be corrected).
     */
    record Match(Rule winner, boolean contested, List<String> guards) {

        Match {
            guards = List.copyOf(guards);
        }

        boolean guarded() {
            return !guards.isEmpty();
        }
    }

    /** The guard id of a match that needed a corrected typo. */
    static final String TYPO_GUARD = "typo";

    private static final Pattern LEXICON_REFERENCE = Pattern.compile("\\{([a-z]+)\\}");
    private static final int MAX_LEXICON_DEPTH = 4;
    private static final Pattern PATTERN_WORD = Pattern.compile("[a-z]{3,}");

    /** Highest priority first; ties keep file order, so the file reads top-down as the decision order. */
    private final List<Rule> rules;
    private final List<Guard> guards;
    private final Policy policy;
    private final Set<String> vocabulary;
    private final Set<String> notNames;
    private final Map<String, String> abbreviations;
    /** Every literal word of three letters or more in a rule's, guard's or lexicon's patterns. */
    private final Set<String> patternWords;

    /**
     * The calibration policy of the rules file: margins and caps that keep the confidence of what is ambiguous,
     * guarded or unmeasured below any sensible skip threshold.
     */
    record Policy(double ambiguityMargin, double noMatchMaxConfidence, double guardedMaxConfidence,
                  double unmeasuredMaxConfidence, int minOutOfSample) {
    }

    private RuleSet(List<Rule> rules, List<Guard> guards, Policy policy, Set<String> vocabulary,
                    Set<String> notNames, Map<String, String> abbreviations, Set<String> patternWords) {
        this.abbreviations = Map.copyOf(abbreviations);
        this.patternWords = Set.copyOf(patternWords);
        this.rules = List.copyOf(rules);
        this.guards = List.copyOf(guards);
        this.policy = policy;
        this.vocabulary = Set.copyOf(vocabulary);
        this.notNames = Set.copyOf(notNames);
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
        root.path("lexicons").properties().forEach(entry -> lexicons.put(entry.getKey(), entry.getValue().asText()));
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
                    compileAll(node.path("unless"), lexicons, source, id), node.path("maxConfidence").asDouble(1.0),
                    node.path("ambiguity").asDouble(0.0)));
        }
        rules.sort(Comparator.comparingInt(Rule::priority).reversed());
        List<Guard> guards = new ArrayList<>();
        for (JsonNode node : root.path("guards")) {
            String id = node.path("id").asText("");
            Set<Intent> except = new HashSet<>();
            for (JsonNode name : node.path("except")) {
                except.add(Intent.fromWireName(name.asText()).orElseThrow(() -> new IllegalStateException(
                        source + ": guard " + id + " names an unknown intent")));
            }
            guards.add(new Guard(id, compileAll(node.path("any"), lexicons, source, id), Set.copyOf(except)));
        }
        Policy policy = new Policy(unitValue(root, "ambiguityMargin", source),
                unitValue(root, "noMatchMaxConfidence", source), unitValue(root, "guardedMaxConfidence", source),
                unitValue(root, "unmeasuredMaxConfidence", source), root.path("minOutOfSample").asInt(1));
        Map<String, String> abbreviations = new HashMap<>();
        root.path("abbreviations").properties().forEach(entry -> abbreviations.put(
                entry.getKey().toLowerCase(Locale.ROOT), entry.getValue().asText().toLowerCase(Locale.ROOT)));
        return new RuleSet(rules, guards, policy, words(root.path("vocabulary")), words(root.path("notNames")),
                abbreviations, patternWords(root));
    }

    private static Set<String> patternWords(JsonNode root) {
        StringBuilder patterns = new StringBuilder();
        root.path("lexicons").forEach(lexicon -> patterns.append(lexicon).append(' '));
        root.path("rules").forEach(rule -> patterns.append(rule.path("any")).append(rule.path("unless")).append(' '));
        root.path("guards").forEach(guard -> patterns.append(guard.path("any")).append(' '));
        Set<String> words = new HashSet<>();
        Matcher word = PATTERN_WORD.matcher(patterns.toString().toLowerCase(Locale.ROOT));
        while (word.find()) {
            words.add(word.group());
        }
        return words;
    }

    private static Set<String> words(JsonNode list) {
        Set<String> words = new HashSet<>();
        list.forEach(word -> words.add(word.asText().toLowerCase(Locale.ROOT)));
        return words;
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

    Policy policy() {
        return policy;
    }

    /** The preprocessor for these rules and {@code names}. */
    MessageText messageText(NameLexicon names) {
        return new MessageText(names, notNames, vocabulary, abbreviations, patternWords);
    }

    /** Matches a prepared message. */
    Match match(MessageText.Prepared prepared) {
        String text = prepared.text();
        Rule winner = null;
        boolean contested = false;
        for (Rule rule : rules) {
            if (winner != null && rule.intent() == winner.intent()) {
                continue; // cannot change the outcome: same intent, lower priority, and no conflict
            }
            if (rule.fires(text)) {
                if (winner != null) {
                    contested = true;
                    break;
                }
                winner = rule;
            }
        }
        List<String> vetoes = new ArrayList<>();
        if (winner != null) {
            for (Guard guard : guards) {
                if (guard.vetoes(winner.intent(), text)) {
                    vetoes.add(guard.id());
                }
            }
            if (prepared.corrections() > 0) {
                vetoes.add(TYPO_GUARD);
            }
        }
        return new Match(winner, contested, vetoes);
    }
}
