package com.pitcrew.intent;

import java.util.Optional;

/**
 * Whether a request may skip LLM validation: flag on for this user, confidence at or above the threshold (the
 * flag variant's, else the configured one), a skip-eligible intent, and no kill switch. Immutable.
 */
public final class SkipPolicy {

    private final double configuredThreshold;

    public SkipPolicy(double configuredThreshold) {
        this.configuredThreshold = configuredThreshold;
    }

    /** The facts the decision rests on, and the decision. */
    public record Verdict(boolean skip, double threshold, String reason) {
    }

    public Verdict decide(Classification pattern, boolean flagOn, Optional<Double> variantThreshold,
                          boolean killSwitchEngaged) {
        double threshold = variantThreshold.orElse(configuredThreshold);
        if (killSwitchEngaged) {
            return new Verdict(false, threshold, "kill_switch");
        }
        if (!flagOn) {
            return new Verdict(false, threshold, "flag_off");
        }
        if (!pattern.intent().skipEligible()) {
            return new Verdict(false, threshold, "intent_not_eligible");
        }
        if (pattern.confidence() < threshold) {
            return new Verdict(false, threshold, "below_threshold");
        }
        return new Verdict(true, threshold, "confident");
    }

    public double configuredThreshold() {
        return configuredThreshold;
    }
}
