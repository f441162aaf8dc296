package com.pitcrew.intent;

import java.util.Optional;

/**
 * Whether a request may skip LLM validation: flag on for this user, confidence at or above the threshold (the
 * flag variant's, else the configured one), a skip-eligible intent, no veto of the pattern stage (a structural
 * guard, the second opinion, no rule at all), no kill switch, and no open breaker on the
 * rule that decided it (only that rule stops skipping; the others go on). The confidence given is the live one,
 * already lowered by production trust. Immutable.
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
                          boolean killSwitchEngaged, boolean ruleBreakerOpen) {
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
        // Before the threshold: a tripped rule's live confidence is below it too, and the reason must say why.
        if (ruleBreakerOpen) {
            return new Verdict(false, threshold, "rule_breaker");
        }
        if (pattern.vetoed()) {
            return new Verdict(false, threshold, "vetoed");
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
