package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static Evaluation.Outcome outcome(Intent label, Intent predicted, double confidence) {
        return new Evaluation.Outcome(new LabelledMessage("m", label), new Classification(predicted, confidence, "r"));
    }

    private final Evaluation evaluation = Evaluation.of(List.of(
            outcome(Intent.SEARCH_CALLS, Intent.SEARCH_CALLS, 0.95),   // skipped, right
            outcome(Intent.MEETING_QUESTION, Intent.SEARCH_CALLS, 0.95), // skipped, wrong
            outcome(Intent.DRAFT_EMAIL, Intent.DRAFT_EMAIL, 0.97),     // never skipped
            outcome(Intent.OTHER, Intent.OTHER, 0.15)), 0.9);

    @Test
    void accuracyAndSkipFigures() {
        assertThat(evaluation.accuracy()).isEqualTo(0.75);
        assertThat(evaluation.skipped()).isEqualTo(2);
        assertThat(evaluation.skipCoverage()).isEqualTo(0.5);
        assertThat(evaluation.skipPrecision()).isEqualTo(0.5);
    }

    @Test
    void perIntentPrecisionAndRecall() {
        Evaluation.IntentScore search = evaluation.perIntent().get(Intent.SEARCH_CALLS);
        assertThat(search.precision()).isEqualTo(0.5);
        assertThat(search.recall()).isEqualTo(1.0);
        assertThat(evaluation.perIntent().get(Intent.MEETING_QUESTION).recall()).isZero();
        assertThat(evaluation.perIntent().get(Intent.HELP).precision()).isNaN();
    }

    @Test
    void reliabilityBinsAndExpectedCalibrationError() {
        List<Evaluation.Bin> bins = evaluation.reliability();
        assertThat(bins).hasSize(10);
        assertThat(bins.get(9).count()).isEqualTo(3);
        assertThat(bins.get(9).meanConfidence()).isCloseTo((0.95 + 0.95 + 0.97) / 3, within(1e-12));
        assertThat(bins.get(9).accuracy()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(bins.get(1).count()).isEqualTo(1);
        // (3 * |2/3 - 0.9567| + 1 * |1 - 0.15|) / 4
        double expected = (3 * Math.abs(2.0 / 3 - (0.95 + 0.95 + 0.97) / 3) + Math.abs(1 - 0.15)) / 4;
        assertThat(evaluation.expectedCalibrationError()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void confidenceOneFallsInTheLastBin() {
        Evaluation sure = Evaluation.of(List.of(outcome(Intent.HELP, Intent.HELP, 1.0)), 0.9);
        assertThat(sure.reliability().get(9).count()).isEqualTo(1);
        assertThat(sure.expectedCalibrationError()).isZero();
    }

    @Test
    void reportIsReadable() {
        assertThat(evaluation.report())
                .contains("accuracy: 0.7500 (3/4)")
                .contains("skip coverage:  0.5000 (2/4)")
                .contains("skip precision: 0.5000 (1/2)")
                .contains("search_calls")
                .contains("ECE: ");
    }
}
