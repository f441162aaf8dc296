package com.pitcrew.intent;

import java.util.Set;

/** The skip decision's threshold: one place for its default until it becomes a configuration setting. */
public final class SkipThreshold {

    /** Pattern confidence at or above which a skip-eligible intent may skip LLM validation (design.md). */
    public static final double DEFAULT = 0.9;

    private SkipThreshold() {
    }

    /** True when this classification would skip validation at {@code threshold} (flag on, no kill switch). */
    public static boolean skips(Classification classification, double threshold) {
        return !classification.vetoed() && classification.confidence() >= threshold
                && classification.intent().skipEligible();
    }

    /** The same, with the rules whose breaker is open never skipping, as the server's skip policy decides. */
    public static boolean skips(Classification classification, double threshold, Set<String> openBreakers) {
        return skips(classification, threshold) && !openBreakers.contains(classification.ruleId());
    }

    /** Rejects a threshold outside [0, 1] with a message naming it. */
    public static double requireValid(double threshold) {
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("threshold must be in [0, 1]: " + threshold);
        }
        return threshold;
    }
}
