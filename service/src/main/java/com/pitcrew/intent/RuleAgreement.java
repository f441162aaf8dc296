package com.pitcrew.intent;

/**
 * How often the LLM agreed with one rule's skip-grade verdicts in production: {@code agreed} of {@code samples}.
 */
public record RuleAgreement(long samples, long agreed) {

    public RuleAgreement {
        if (samples < 0 || agreed < 0 || agreed > samples) {
            throw new IllegalArgumentException("need 0 <= agreed <= samples, got " + agreed + " of " + samples);
        }
    }

    /** agreed / samples; 0 with no samples. */
    public double precision() {
        return samples == 0 ? 0.0 : (double) agreed / samples;
    }

    /**
     * The Wilson lower bound of the agreement, with the same z as the corpus calibration so production and corpus
     * confidences mean the same thing.
     */
    public double lowerBound() {
        return Calibration.wilsonLowerBound(Math.toIntExact(agreed), Math.toIntExact(samples), Calibration.WILSON_Z);
    }

    /** Enough samples to judge, and a precision below {@code threshold}: the rule's skips are not good enough. */
    public boolean failing(long minSamples, double threshold) {
        return samples >= minSamples && precision() < threshold;
    }
}
