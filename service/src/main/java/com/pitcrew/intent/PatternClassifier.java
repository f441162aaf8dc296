package com.pitcrew.intent;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The pattern stage of the control plane: deterministic rules from {@code intent-rules.json} with confidences from
 * {@code intent-calibration.json}, over text in which customers' names (from the account directory) and Slack markup
 * have become markers.
 *
 * <p>Final and thread-safe: the rules are compiled once; the preprocessor is rebuilt only when the name lexicon's
 * version changes and published through a volatile field, so one instance is shared by every request thread.
 * {@link #classify} does no I/O.
 */
public final class PatternClassifier implements IntentClassifier {

    /** The rule id when no rule matched; the intent is then the second opinion's, never confident enough to skip. */
    public static final String NO_RULE = "none";

    private final RuleSet rules;
    private final Calibration calibration;
    private final SecondOpinion secondOpinion;
    private final Supplier<NameLexicon> names;
    private volatile MessageText text;

    PatternClassifier(RuleSet rules, Calibration calibration, SecondOpinion secondOpinion,
                      Supplier<NameLexicon> names) {
        this.rules = rules;
        this.calibration = calibration;
        this.secondOpinion = secondOpinion;
        this.names = names;
        this.text = rules.messageText(names.get());
        EnglishWords.contains("warm"); // load the word list now, not on the first request
    }

    /** The shipped rules, calibration and second opinion, recognising the names {@code names} supplies. */
    public static PatternClassifier loadDefault(Supplier<NameLexicon> names) {
        return new PatternClassifier(RuleSet.loadDefault(), Calibration.loadDefault(),
                SecondOpinion.loadDefault(), Objects.requireNonNull(names));
    }

    /** The shipped rules with the sample world's names; for tools and tests that run without a directory. */
    public static PatternClassifier loadDefault() {
        NameLexicon sample = NameLexicon.sampleWorld();
        return loadDefault(() -> sample);
    }

    @Override
    public Classification classify(String message) {
        Explanation explanation = explain(message);
        return explanation.classification();
    }

    /** A customer's or person's name, known or guessed, or a user mention: the markers {@link MessageText} leaves. */
    @Override
    public boolean namesSomeone(String message) {
        for (String word : currentText().prepare(message).text().split(" ")) {
            if (word.equals(MessageText.ACCOUNT) || word.equals(MessageText.PERSON) || word.equals(MessageText.NAME)) {
                return true;
            }
        }
        return false;
    }

    /** The classification with what it rests on: the text the rules saw and the guards that vetoed a skip. */
    public Explanation explain(String message) {
        MessageText.Prepared prepared = currentText().prepare(message);
        RuleSet.Match match = secondOpinion.match(rules, prepared);
        boolean noRule = match.winner() == null;
        Classification classification = new Classification(secondOpinion.intentOf(match, prepared.text()),
                calibration.confidence(match, rules.policy()), noRule ? NO_RULE : match.winner().id(),
                noRule || match.guarded());
        return new Explanation(classification, prepared.text(), match.contested(), match.guards());
    }

    /** What {@link #explain} returns. */
    public record Explanation(Classification classification, String preparedText, boolean contested,
                              List<String> guards) {

        public Explanation {
            guards = List.copyOf(guards);
        }
    }

    private MessageText currentText() {
        MessageText current = text;
        NameLexicon lexicon = names.get();
        if (lexicon.version() != current.lexiconVersion()) {
            current = rules.messageText(lexicon);
            text = current; // a racing rebuild builds the same thing; the last write wins harmlessly
        }
        return current;
    }
}
