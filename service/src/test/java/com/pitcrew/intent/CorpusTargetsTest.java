package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rollout targets at the default threshold, guarded in CI; the figures are printed for the record. */
class CorpusTargetsTest {

    @Test
    void devCorpusMeetsTheSkipTargets() {
        Evaluation dev = Corpora.evaluate(Corpora.DEV);
        System.out.println("dev corpus\n" + dev.report());
        // In sample: the rules were written against it. Coverage is what the out-of-sample record lets skip.
        assertThat(dev.size()).isEqualTo(236);
        assertThat(dev.skipPrecision()).isGreaterThanOrEqualTo(0.98);
        assertThat(dev.skipCoverage()).isGreaterThanOrEqualTo(0.55);
        assertThat(dev.accuracy()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void heldOutSetGeneralises() {
        Evaluation heldOut = Corpora.evaluate(Corpora.HOLDOUT);
        System.out.println("held-out set\n" + heldOut.report());
        assertThat(heldOut.size()).isGreaterThanOrEqualTo(60);
        assertThat(heldOut.skipPrecision()).isGreaterThanOrEqualTo(0.95);
        assertThat(heldOut.accuracy()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void independentlyWrittenHeldOutSetGeneralises() {
        Evaluation heldOut = Corpora.evaluate(Corpora.HOLDOUT_LEAD);
        System.out.println("independent held-out set\n" + heldOut.report());
        assertThat(heldOut.size()).isEqualTo(61);
        assertThat(heldOut.skipPrecision()).isGreaterThanOrEqualTo(0.95);
        assertThat(heldOut.accuracy()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void frozenBlindSetIsMeasuredNotTuned() {
        // Written blind and frozen before the rules changed (FrozenBlindSetTest); floors that catch a regression,
        // never targets to tune to. Before issue 8's work: accuracy 0.740, skip precision 0.847.
        Evaluation frozen = Corpora.evaluate(Corpora.FROZEN_BLIND);
        System.out.println("frozen blind set\n" + frozen.report());
        assertThat(frozen.accuracy()).isGreaterThanOrEqualTo(0.85);
        assertThat(frozen.skipPrecision()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void confidenceIsCalibratedAboveTheThreshold() {
        // intents.md: among messages given confidence >= c, the share right should be at least c.
        Evaluation dev = Corpora.evaluate(Corpora.DEV);
        for (double c = 0.5; c <= 0.95; c += 0.05) {
            double level = c;
            var confident = dev.outcomes().stream().filter(o -> o.classification().confidence() >= level).toList();
            long right = confident.stream().filter(Evaluation.Outcome::correct).count();
            assertThat(confident.isEmpty() || (double) right / confident.size() >= level)
                    .as("share right among confidence >= %.2f", level).isTrue();
        }
    }
}
