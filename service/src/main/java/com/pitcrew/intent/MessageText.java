package com.pitcrew.intent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Slack message into the text the rules match. The leading mention goes; Slack markup becomes markers
 * ({@code xlink}, {@code xemail}, {@code xperson} for a user mention); names become {@code xacct} / {@code xperson}
 * (known from the directory) or {@code xname} (a capitalised word that is no ordinary English word: a customer nobody
 * wrote a rule for); typos of the rules' trigger words are corrected and counted, so they match without being
 * trusted like the real word. Then lower-cased and whitespace-collapsed.
 *
 * <p>Immutable and thread-safe: built once per name-lexicon version and shared by every request thread.
 */
final class MessageText {

    static final String ACCOUNT = "xacct";
    static final String PERSON = "xperson";
    static final String NAME = "xname";
    static final String LINK = "xlink";
    static final String EMAIL = "xemail";

    /** What the rules see of one message, and how much of it was guessed. */
    record Prepared(String text, int corrections, boolean guessedName) {
    }

    private static final Pattern LEADING_MENTION = Pattern.compile("^\\s*(?:<@[A-Za-z0-9]+(?:\\|[^>]*)?>[\\s,:]*)+");
    private static final Pattern USER_MENTION = Pattern.compile("<@[A-Za-z0-9]+(?:\\|[^>]*)?>");
    private static final Pattern CHANNEL_MENTION = Pattern.compile("<#[A-Za-z0-9]+(?:\\|[^>]*)?>");
    private static final Pattern SPECIAL_MENTION = Pattern.compile("<![^>]*>");
    private static final Pattern SLACK_LINK = Pattern.compile("<(?:https?://|mailto:|www\\.)[^>]*>");
    private static final Pattern BARE_LINK = Pattern.compile("\\b(?:https?://|www\\.)\\S+");
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern EMOJI_CODE = Pattern.compile(":[a-z0-9_+'-]+:");
    private static final Pattern HAS_WORD = Pattern.compile("[\\p{L}\\p{N}]");
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{N}]*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Set<String> MARKERS = Set.of(ACCOUNT, PERSON, NAME, LINK, EMAIL);
    private static final int MIN_CORRECTABLE = 4;
    private static final int LONG_WORD = 8;

    private final Map<String, List<NameEntry>> namesByFirstWord;
    private final Set<String> notNames;
    private final Set<String> vocabulary;
    private final Set<String> patternWords;
    private final Map<String, String> abbreviations;
    private final long lexiconVersion;

    private record NameEntry(List<String> words, String marker) {
    }

    MessageText(NameLexicon lexicon, Set<String> notNames, Set<String> vocabulary,
                Map<String, String> abbreviations, Set<String> patternWords) {
        this.patternWords = Set.copyOf(patternWords);
        this.abbreviations = Map.copyOf(abbreviations);
        Map<String, List<NameEntry>> byFirst = new HashMap<>();
        addNames(byFirst, lexicon.accounts(), ACCOUNT);
        addNames(byFirst, lexicon.people(), PERSON);
        byFirst.values().forEach(entries -> entries.sort(
                Comparator.comparingInt((NameEntry entry) -> entry.words().size()).reversed()));
        this.namesByFirstWord = Map.copyOf(byFirst);
        this.notNames = Set.copyOf(notNames);
        this.vocabulary = Set.copyOf(vocabulary);
        this.lexiconVersion = lexicon.version();
    }

    long lexiconVersion() {
        return lexiconVersion;
    }

    private static void addNames(Map<String, List<NameEntry>> byFirst, Set<String> names, String marker) {
        for (String name : names) {
            List<String> words = words(name.toLowerCase(Locale.ROOT));
            if (!words.isEmpty()) {
                byFirst.computeIfAbsent(words.get(0), first -> new ArrayList<>()).add(new NameEntry(words, marker));
            }
        }
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            words.add(word.group());
        }
        return words;
    }

    Prepared prepare(String message) {
        String request = LEADING_MENTION.matcher(message).replaceFirst("");
        request = request.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u201C', '"')
                .replace('\u201D', '"');
        String marked = SLACK_LINK.matcher(request).replaceAll(" " + LINK + " ");
        marked = USER_MENTION.matcher(marked).replaceAll(" " + PERSON + " ");
        marked = CHANNEL_MENTION.matcher(marked).replaceAll(" ");
        marked = SPECIAL_MENTION.matcher(marked).replaceAll(" ");
        marked = EMAIL_ADDRESS.matcher(marked).replaceAll(" " + EMAIL + " ");
        marked = BARE_LINK.matcher(marked).replaceAll(" " + LINK + " ");
        String withoutEmoji = EMOJI_CODE.matcher(marked).replaceAll(" ");
        if (!HAS_WORD.matcher(withoutEmoji).find()) {
            // Nothing but emoji or punctuation: the small-talk rule judges the message as written.
            return new Prepared(collapse(marked.toLowerCase(Locale.ROOT)), 0, false);
        }
        return markWords(withoutEmoji);
    }

    private Prepared markWords(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            spans.add(new int[] {word.start(), word.end()});
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int copied = 0;
        int corrections = 0;
        boolean guessed = false;
        for (int i = 0; i < spans.size(); i++) {
            int start = spans.get(i)[0];
            String original = text.substring(start, spans.get(i)[1]);
            String lower = original.toLowerCase(Locale.ROOT);
            int known = knownNameLength(text, spans, i);
            String replacement;
            int last = i;
            if (known > 0) {
                replacement = namesByFirstWord.get(lower).stream()
                        .filter(entry -> entry.words().size() == known).findFirst().orElseThrow().marker();
                last = i + known - 1;
            } else if (possibleName(text, original, lower, start)) {
                replacement = NAME;
                guessed = true;
                while (last + 1 < spans.size() && adjacent(text, spans.get(last), spans.get(last + 1))
                        && titleCase(text.substring(spans.get(last + 1)[0], spans.get(last + 1)[1]))
                        && !notNames.contains(text.substring(spans.get(last + 1)[0], spans.get(last + 1)[1])
                                .toLowerCase(Locale.ROOT))) {
                    last++;
                }
            } else {
                String corrected = correct(lower);
                if (!corrected.equals(lower)) {
                    corrections++;
                    replacement = corrected;
                } else if (possibleLowerCaseName(original, lower)) {
                    replacement = NAME;
                    guessed = true;
                } else {
                    replacement = corrected;
                }
            }
            out.append(text, copied, start).append(replacement);
            copied = spans.get(last)[1];
            i = last;
        }
        out.append(text, copied, text.length());
        return new Prepared(collapse(out.toString().toLowerCase(Locale.ROOT)), corrections, guessed);
    }

    /** How many words from {@code index} on form a directory name (longest first); 0 when none. */
    private int knownNameLength(String text, List<int[]> spans, int index) {
        String first = text.substring(spans.get(index)[0], spans.get(index)[1]).toLowerCase(Locale.ROOT);
        List<NameEntry> candidates = namesByFirstWord.get(first);
        if (candidates == null) {
            return 0;
        }
        for (NameEntry entry : candidates) {
            int size = entry.words().size();
            if (index + size > spans.size()) {
                continue;
            }
            boolean matches = true;
            for (int k = 1; k < size && matches; k++) {
                int[] span = spans.get(index + k);
                matches = adjacent(text, spans.get(index + k - 1), span)
                        && text.substring(span[0], span[1]).toLowerCase(Locale.ROOT).equals(entry.words().get(k));
            }
            if (matches) {
                return size;
            }
        }
        return 0;
    }

    /**
     * A capitalised word that no rule needs and that is not an ordinary word where ordinary words are capitalised
     * (a sentence's start): mid-sentence, any such word; at the start, only one the dictionary does not know.
     */
    private boolean possibleName(String text, String original, String lower, int start) {
        if (!titleCase(original) || acronymPlural(original) || original.equals("I") || notNames.contains(lower)
                || vocabulary.contains(lower) || MARKERS.contains(lower)) {
            return false;
        }
        return !sentenceStart(text, start) || !EnglishWords.contains(lower);
    }

    /**
     * Reps type customers in lower case ("recap the brightline call"): a lower-case word that is no English word,
     * no word of the rules and no typo of one is a possible name, as a capitalised unknown word is.
     */
    private boolean possibleLowerCaseName(String original, String lower) {
        return original.equals(lower) && lower.length() >= MIN_CORRECTABLE
                && lower.chars().allMatch(Character::isLetter) && !EnglishWords.contains(lower)
                && !vocabulary.contains(lower) && !notNames.contains(lower) && !patternWords.contains(lower)
                && !MARKERS.contains(lower) && !abbreviations.containsKey(lower);
    }

    /** 'BAAs', 'APIs', 'QBRs': the plural of an acronym, not a name. */
    private static boolean acronymPlural(String word) {
        int last = word.length() - 1;
        if (word.length() < 3 || word.charAt(last) != 's') {
            return false;
        }
        for (int i = 0; i < last; i++) {
            if (!Character.isUpperCase(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Upper-case first letter and at least one lower-case letter after it: 'Kestrel', 'McAllister', not 'SSO'. */
    private static boolean titleCase(String word) {
        if (word.length() < 2 || !Character.isUpperCase(word.charAt(0))) {
            return false;
        }
        for (int i = 1; i < word.length(); i++) {
            if (Character.isLowerCase(word.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sentenceStart(String text, int start) {
        for (int i = start - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '\n' || c == '-' || c == '(') {
                return true;
            }
            if (Character.isLetterOrDigit(c) || c == ',') {
                return false;
            }
        }
        return true;
    }

    private static boolean adjacent(String text, int[] previous, int[] next) {
        for (int i = previous[1]; i < next[0]; i++) {
            if (!Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '&') {
                return false;
            }
        }
        return true;
    }

    /** The trigger word a typo or shorthand stands for ('sumarize' → 'summarize', 'mtg' → 'meeting'), or the word. */
    private String correct(String lower) {
        String expanded = abbreviations.get(lower);
        if (expanded != null) {
            return expanded;
        }
        if (lower.length() < MIN_CORRECTABLE || MARKERS.contains(lower) || vocabulary.contains(lower)
                || EnglishWords.contains(lower)
                || !lower.chars().allMatch(Character::isLetter)) {
            return lower;
        }
        int allowed = lower.length() >= LONG_WORD ? 2 : 1;
        String best = lower;
        int bestDistance = allowed + 1;
        for (String candidate : vocabulary) {
            if (Math.abs(candidate.length() - lower.length()) > allowed || candidate.length() < MIN_CORRECTABLE) {
                continue;
            }
            int distance = EditDistance.damerauLevenshtein(lower, candidate, allowed);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }
}
