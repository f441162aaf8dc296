package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    void frozenBlindSetsAreMeasuredNotTuned() {
        // Written blind and frozen before the change they measure (FrozenBlindSetTest); floors that catch a
        // regression, never targets to tune to. The first one before issue 8: accuracy 0.740, skip precision 0.847.
        for (var file : List.of(Corpora.FROZEN_BLIND, Corpora.FROZEN_WORDING, Corpora.FROZEN_NAMES)) {
            Evaluation frozen = Corpora.evaluate(file);
            System.out.println(file.getFileName() + "\n" + frozen.report());
            assertThat(frozen.accuracy()).as("%s accuracy", file).isGreaterThanOrEqualTo(0.85);
            assertThat(frozen.skipPrecision()).as("%s skip precision", file).isGreaterThanOrEqualTo(0.96);
            for (double level : new double[] {0.9, 0.95}) {
                var confident = frozen.outcomes().stream()
                        .filter(o -> o.classification().confidence() >= level).toList();
                long right = confident.stream().filter(Evaluation.Outcome::correct).count();
                assertThat((double) right / confident.size()).as("%s share right at >= %.2f", file, level)
                        .isGreaterThanOrEqualTo(level);
            }
        }
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
