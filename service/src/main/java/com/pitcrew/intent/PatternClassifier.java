package com.pitcrew.intent;

/**
 * The pattern stage of the control plane: deterministic rules from {@code intent-rules.json} with confidences from
 * {@code intent-calibration.json}.
 *
 * <p>Final, immutable and thread-safe: the rules are compiled once at load and never change, so one instance is
 * shared by every request thread. {@link #classify} does no I/O; per call it lower-cases the text once and runs the
 * precompiled patterns.
 */
public final class PatternClassifier implements IntentClassifier {

    /** The rule id when no rule matched. */
    public static final String NO_RULE = "none";

    private final RuleSet rules;
    private final Calibration calibration;

    PatternClassifier(RuleSet rules, Calibration calibration) {
        this.rules = rules;
        this.calibration = calibration;
    }

    /** The shipped rules and their checked-in calibration, read from the class path. */
    public static PatternClassifier loadDefault() {
        return new PatternClassifier(RuleSet.loadDefault(), Calibration.loadDefault());
    }

    @Override
    public Classification classify(String text) {
        RuleSet.Match match = rules.match(RuleSet.normalize(text));
        double confidence = calibration.confidence(match, rules);
        if (match.winner() == null) {
            return new Classification(Intent.OTHER, confidence, NO_RULE);
        }
        return new Classification(match.winner().intent(), confidence, match.winner().id());
    }
}
