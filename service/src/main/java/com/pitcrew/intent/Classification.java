package com.pitcrew.intent;

import java.util.Objects;

/**
 * What the pattern classifier says of one message: an intent, a calibrated confidence in [0, 1] and the id of the
 * rule that decided it ({@code "none"} when no rule matched).
 */
public record Classification(Intent intent, double confidence, String ruleId) {

    public Classification {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(ruleId, "ruleId");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
    }
}
