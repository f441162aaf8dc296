package com.pitcrew.intent;

import java.util.Objects;

/**
 * What the pattern classifier says of one message: an intent, a calibrated confidence in [0, 1], the id of the
 * rule that decided it ({@code "none"} when no rule matched), and whether the pattern stage itself vetoed a skip (a
 * guard fired, or no rule did): a vetoed classification never skips, whatever the threshold, so its confidence can
 * say honestly how often it is right.
 */
public record Classification(Intent intent, double confidence, String ruleId, boolean vetoed) {

    /** A classification nothing vetoed. */
    public Classification(Intent intent, double confidence, String ruleId) {
        this(intent, confidence, ruleId, false);
    }

    /** The same classification with another confidence (production trust lowers it), still vetoed if it was. */
    public Classification withConfidence(double lowered) {
        return new Classification(intent, lowered, ruleId, vetoed);
    }

    public Classification {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(ruleId, "ruleId");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
    }
}
