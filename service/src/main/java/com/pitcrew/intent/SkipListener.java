package com.pitcrew.intent;

/**
 * Told of every skipped validation, with the classifier's calibrated verdict (as labels record it), e.g. to sample
 * it for shadow validation. Must return quickly.
 */
@FunctionalInterface
public interface SkipListener {

    void onSkip(Inquiry inquiry, Classification pattern);

    SkipListener NONE = (inquiry, pattern) -> { };
}
