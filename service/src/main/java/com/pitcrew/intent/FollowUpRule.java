package com.pitcrew.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises a message in a thread that cannot be understood alone ("and Globex?", "shorter", "turn that into an
 * email to Tyler") and says what it asks for, given the intent of the thread's previous answer. Each way of
 * recognising one is a rule with a confidence calibrated like the pattern rules' ({@code intent-followups.json},
 * written by {@link FollowUpCalibration} from a labelled set of threads), so a follow-up skips validation only when its rule
 * earns it; an email never skips because it was inherited (its classification is vetoed). A message that reads as
 * a question of its own is left to the pattern classifier. Immutable, thread-safe.
 */
public final class FollowUpRule {

    public static final String RESOURCE = "/intent-followups.json";

    /** The ways a follow-up is recognised, each its own rule id and confidence. */
    public enum Kind {
        /** Turns the thread's answer into an email ("draft a follow-up to Tyler about it"). */
        EMAIL("followup.email"),
        /** Asks for another kind of answer on the same scope ("now the action items", "and who was there?"). */
        SWITCH("followup.switch"),
        /** Asks for the same answer reworked ("shorter", "as bullets"). */
        REFORMULATE("followup.reformulate"),
        /** The same question on another account, person, time or topic ("and Globex?", "what about last month?"). */
        CONTINUE("followup.continue"),
        /**
         * A question of its own about whoever the thread was about, named only by a pronoun ("what did they push
         * back on?", "did he say who signs off?"): its own intent, the thread's scope.
         */
        PRONOUN("followup.pronoun");

        private final String ruleId;

        Kind(String ruleId) {
            this.ruleId = ruleId;
        }

        public String ruleId() {
            return ruleId;
        }

        public static Optional<Kind> ofRule(String ruleId) {
            return Arrays.stream(values()).filter(kind -> kind.ruleId.equals(ruleId)).findFirst();
        }
    }

    /** A recognised follow-up: how, and the classification it stands for. */
    public record FollowUp(Kind kind, Classification classification) {
    }

    private static final Pattern MARKUP = Pattern.compile("<[^>]*>");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");
    private static final List<String> CONTINUATIONS = List.of("and", "what about", "how about", "same for",
            "same thing for", "same but", "same", "also", "now", "then", "ok and", "ok now", "ok so", "okay and",
            "what of", "plus", "but what about", "ok what about", "how bout", "wbu", "and what about");
    // Words that point back at the answer; not "them" or "there", which a question of its own uses as much.
    private static final Set<String> ANAPHORA = Set.of("that", "this", "it", "those", "these", "same", "above",
            "previous", "earlier", "one", "ones");
    private static final Set<String> REFORMULATIONS = Set.of("shorter", "shorten", "longer", "briefer", "condense",
            "bullets", "bullet", "bulleted", "tldr", "tl;dr", "simplify", "simpler", "rephrase", "reword", "expand",
            "elaborate", "detail", "details", "formal", "casual", "friendlier", "punchier", "concise", "summarise",
            "summarize", "sentences", "paragraph", "version", "tone");
    private static final Set<String> EMAIL_WORDS = Set.of("email", "e-mail", "mail", "draft", "follow-up",
            "followup", "note", "message", "write", "send");
    private static final Set<String> CHITCHAT = Set.of("thanks", "thank", "you", "thx", "ty", "cool", "great",
            "nice", "ok", "okay", "lol", "awesome", "perfect", "got", "it", "cheers", "bye", "hi", "hello", "hey",
            "yes", "no", "sure", "good", "k", "kk", "np", "wow", "haha", "much", "so", "very", "ta", "appreciate",
            "helpful", "that's", "nvm", "nevermind", "mind", "never", "works", "fine", "alright");
    private static final Map<Intent, List<String>> SWITCH_WORDS = Map.of(
            Intent.ACTION_ITEMS, List.of("action items", "next steps", "todo", "to do", "todos", "to-dos",
                    "commitments", "owe", "promised", "takeaways"),
            Intent.MEETING_SUMMARY, List.of("summary", "recap", "overview", "rundown", "brief me", "summarize the",
                    "summarise the", "sum up"),
            Intent.SEARCH_CALLS, List.of("which calls", "find calls", "any calls", "other calls", "list the calls",
                    "list calls", "what calls", "find the calls", "find other"),
            Intent.MEETING_QUESTION, List.of("who was on", "who was there", "who attended", "who joined",
                    "who was in", "who else", "main contact", "who's our", "who is our", "renewal"));
    /**
     * Who a question about calls is about, when it names no one: these stand for the thread's account or person,
     * but only in a message that names nobody itself ("did Globex say they need SAML?" is about Globex).
     */
    private static final Set<String> PERSONAL_PRONOUNS = Set.of("they", "them", "their", "theirs", "he", "him",
            "his", "she", "her", "hers");
    /** Intents whose answers are about an account or a person, so a pronoun after one points at them. */
    private static final Set<Intent> ABOUT_SOMEONE = Set.of(Intent.MEETING_QUESTION, Intent.MEETING_SUMMARY,
            Intent.SEARCH_CALLS, Intent.ACTION_ITEMS, Intent.DRAFT_EMAIL);
    /** Questions that start so, after an answer about calls, ask about what was said in them. */
    private static final Set<String> QUESTION_STARTS = Set.of("who", "who's", "when", "what", "what's", "did",
            "does", "was", "were", "how", "why", "which", "whos");

    private final Map<Kind, Double> confidences;

    public FollowUpRule(Map<Kind, Double> confidences) {
        Map<Kind, Double> all = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            Double confidence = confidences.get(kind);
            if (confidence == null || !(confidence >= 0 && confidence <= 1)) {
                throw new IllegalArgumentException("follow-up rule " + kind.ruleId() + " needs a confidence in [0, 1]");
            }
            all.put(kind, confidence);
        }
        this.confidences = Map.copyOf(all);
    }

    /** The calibrated rule shipped in the jar. */
    public static FollowUpRule shipped() {
        try (InputStream in = FollowUpRule.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            JsonNode confidences = new ObjectMapper().readTree(in).path("confidence");
            Map<Kind, Double> read = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                if (confidences.path(kind.ruleId()).isNumber()) {
                    read.put(kind, confidences.path(kind.ruleId()).asDouble());
                }
            }
            return new FollowUpRule(read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public double confidence(Kind kind) {
        return confidences.get(kind);
    }

    /**
     * {@code own}: the pattern classifier's verdict on the message alone; {@code previous}: the intent the thread's
     * last answer had. Empty when the message stands on its own.
     */
    public Optional<FollowUp> recognise(String text, Classification own, Intent previous) {
        return recognise(text, own, previous, true);
    }

    /**
     * The same, knowing whether the message names an account or a person of its own ({@code namesSomeone}): one
     * that names nobody may point at the thread's with a pronoun.
     */
    public Optional<FollowUp> recognise(String text, Classification own, Intent previous, boolean namesSomeone) {
        List<String> words = words(text);
        return kind(words, own, previous, namesSomeone).map(kind -> {
            Intent intent = switch (kind) {
                case EMAIL -> Intent.DRAFT_EMAIL;
                case SWITCH, PRONOUN -> switchedIntent(words, own, previous);
                case REFORMULATE, CONTINUE -> previous;
            };
            // An email is never sent on without the LLM's word, whatever the rule's record; nor is what the
            // pattern stage itself vetoed.
            boolean vetoed = intent == Intent.DRAFT_EMAIL || (kind == Kind.SWITCH && own.vetoed());
            return new FollowUp(kind, new Classification(intent, confidences.get(kind), kind.ruleId(), vetoed));
        });
    }

    /** Which rule, if any, recognises {@code text} as a follow-up (what {@link FollowUpCalibration} measures). */
    static Optional<Kind> kind(String text, Classification own, Intent previous, boolean namesSomeone) {
        return kind(words(text), own, previous, namesSomeone);
    }

    private static Optional<Kind> kind(List<String> words, Classification own, Intent previous,
                                       boolean namesSomeone) {
        if (words.isEmpty() || CHITCHAT.containsAll(words) || (own.intent() == Intent.HELP && !refers(words))) {
            return Optional.empty();
        }
        boolean continues = continues(words);
        boolean refers = refers(words);
        boolean ownQuestion = ownQuestion(own);
        boolean emailWords = words.stream().anyMatch(EMAIL_WORDS::contains);
        // A draft needs what the thread was about, whatever else it names.
        if (emailWords && (own.intent() == Intent.DRAFT_EMAIL || refers || continues || words.size() <= 9)) {
            return Optional.of(Kind.EMAIL);
        }
        if (!namesSomeone && ownQuestion && own.intent() != Intent.PRODUCT_QUESTION && ABOUT_SOMEONE.contains(previous)
                && words.stream().anyMatch(PERSONAL_PRONOUNS::contains)) {
            return Optional.of(Kind.PRONOUN);
        }
        if (ownQuestion && !continues && !refers && words.size() > 4) {
            return Optional.empty(); // a question of its own, even on a related subject
        }
        boolean short_ = words.size() <= 5;
        if (continues && words.size() <= 4 && switchWords(words).isEmpty()) {
            return Optional.of(Kind.CONTINUE); // "and SCIM", "what about vandeley": the same question again
        }
        if (switchWords(words).isPresent() && (continues || refers || short_ || !ownQuestion)) {
            return Optional.of(Kind.SWITCH);
        }
        if (words.stream().anyMatch(REFORMULATIONS::contains) && (refers || words.size() <= 8)) {
            return Optional.of(Kind.REFORMULATE);
        }
        if (ownQuestion && (continues || refers || words.size() <= 3)) {
            return Optional.of(Kind.SWITCH);
        }
        if (continues && words.size() >= 2) {
            return Optional.of(Kind.CONTINUE);
        }
        if (!ownQuestion && (short_ || refers)) {
            return Optional.of(QUESTION_STARTS.contains(words.get(0)) ? Kind.SWITCH : Kind.CONTINUE);
        }
        return Optional.empty();
    }

    /** What a switch asks for: named by its words, else the pattern's own verdict, else a question on the calls. */
    private static Intent switchedIntent(List<String> words, Classification own, Intent previous) {
        Optional<Intent> named = switchWords(words);
        if (named.isPresent()) {
            return named.get();
        }
        if (ownQuestion(own) || (!own.ruleId().equals(PatternClassifier.NO_RULE) && own.intent() != Intent.OTHER)) {
            return own.intent();
        }
        // After action items, "who owns the first one" is still about them.
        boolean aboutCalls = previous == Intent.MEETING_SUMMARY || previous == Intent.SEARCH_CALLS
                || previous == Intent.MEETING_QUESTION;
        return aboutCalls && QUESTION_STARTS.contains(words.get(0)) ? Intent.MEETING_QUESTION : previous;
    }

    private static Optional<Intent> switchWords(List<String> words) {
        String joined = " " + String.join(" ", words) + " ";
        for (Intent intent : List.of(Intent.ACTION_ITEMS, Intent.SEARCH_CALLS, Intent.MEETING_SUMMARY,
                Intent.MEETING_QUESTION)) {
            if (SWITCH_WORDS.get(intent).stream().anyMatch(phrase -> joined.contains(" " + phrase + " "))) {
                return Optional.of(intent);
            }
        }
        return Optional.empty();
    }

    private static boolean continues(List<String> words) {
        String joined = String.join(" ", words);
        return CONTINUATIONS.stream().anyMatch(start -> joined.equals(start) || joined.startsWith(start + " "));
    }

    private static boolean refers(List<String> words) {
        return words.stream().anyMatch(ANAPHORA::contains);
    }

    private static boolean ownQuestion(Classification own) {
        return !own.vetoed() && !own.ruleId().equals(PatternClassifier.NO_RULE) && own.intent() != Intent.OTHER;
    }

    static List<String> words(String text) {
        String plain = MARKUP.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT);
        return Arrays.stream(NON_WORD.split(plain)).filter(word -> !word.isBlank()).toList();
    }
}
