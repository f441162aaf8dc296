package com.pitcrew.intent;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Production trust of the rules at one moment: each rule's agreement with the LLM and the rules whose breaker is
 * open. A rule with at least {@code minSamples} samples gets the lower of its calibrated confidence and the Wilson
 * lower bound of its agreement; with fewer, its calibration stands. Immutable and thread-safe.
 */
public final class RuleTrustView {

    public static final RuleTrustView EMPTY = new RuleTrustView(Map.of(), Set.of(), Long.MAX_VALUE);

    private final Map<String, RuleAgreement> agreements;
    private final Set<String> openBreakers;
    private final long minSamples;

    public RuleTrustView(Map<String, RuleAgreement> agreements, Set<String> openBreakers, long minSamples) {
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1: " + minSamples);
        }
        this.agreements = Map.copyOf(agreements);
        this.openBreakers = Set.copyOf(openBreakers);
        this.minSamples = minSamples;
    }

    /** {@code pattern} with its live confidence: never above the calibrated one. */
    public Classification apply(Classification pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return agreement(pattern.ruleId())
                .filter(agreement -> agreement.samples() >= minSamples)
                .filter(agreement -> agreement.lowerBound() < pattern.confidence())
                .map(agreement -> pattern.withConfidence(agreement.lowerBound()))
                .orElse(pattern);
    }

    public boolean breakerOpen(String ruleId) {
        return openBreakers.contains(ruleId);
    }

    public Optional<RuleAgreement> agreement(String ruleId) {
        return Optional.ofNullable(agreements.get(ruleId));
    }

    public Map<String, RuleAgreement> agreements() {
        return agreements;
    }

    public Set<String> openBreakers() {
        return openBreakers;
    }

    public long minSamples() {
        return minSamples;
    }
}
