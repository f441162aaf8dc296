package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checked-in calibration must be exactly what the rules measure on the calibration corpus today. */
class CalibrationDriftTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void checkedInSecondOpinionMatchesARetraining() {
        assertThat(CalibrateRules.trainSecondOpinion(Corpora.calibration()).sameAs(SecondOpinion.loadDefault()))
                .as("intent-second-opinion.txt.gz drifted from the corpus: rerun com.pitcrew.intent.CalibrateRules")
                .isTrue();
    }

    @Test
    void checkedInCalibrationMatchesARecomputation() throws Exception {
        JsonNode recomputed = JSON.readTree(CalibrateRules.render(SecondOpinion.loadDefault(), Corpora.calibration(),
                Corpora.outOfSample()));
        JsonNode checkedIn;
        try (InputStream in = getClass().getResourceAsStream(Calibration.DEFAULT_RESOURCE)) {
            checkedIn = JSON.readTree(in);
        }
        // Values are stored rounded to 4 decimals, so equality is exact; on failure, rerun CalibrateRules.
        assertThat(checkedIn)
                .as("intent-calibration.json drifted from the rules or corpus: rerun com.pitcrew.intent.CalibrateRules")
                .isEqualTo(recomputed);
    }

    @Test
    void everyRuleIsCalibrated() throws Exception {
        JsonNode rules;
        try (InputStream in = getClass().getResourceAsStream(Calibration.DEFAULT_RESOURCE)) {
            rules = JSON.readTree(in).path("rules");
        }
        Set<String> ids = new HashSet<>();
        rules.fieldNames().forEachRemaining(ids::add);
        assertThat(ids).containsExactlyInAnyOrderElementsOf(
                RuleSet.loadDefault().rules().stream().map(RuleSet.Rule::id).toList());
    }

    @Test
    void theHeldOutSetsAreNotPartOfTheCalibration() {
        Set<String> calibrationTexts = new HashSet<>();
        Corpora.read(Corpora.calibration()).forEach(message -> calibrationTexts.add(message.text()));
        Corpora.read(Corpora.outOfSample()).forEach(message -> calibrationTexts.add(message.text()));
        assertThat(Corpora.calibration()).doesNotContainAnyElementsOf(Corpora.HELD_OUT);
        assertThat(Corpora.outOfSample()).doesNotContainAnyElementsOf(Corpora.HELD_OUT);
        assertThat(Corpora.read(Corpora.HELD_OUT))
                .noneMatch(message -> calibrationTexts.contains(message.text()));
    }

    @Test
    void theOutOfSampleSetsAreNotPartOfTheCorpusTheRulesAreWrittenAgainst() {
        Set<String> corpusTexts = new HashSet<>();
        Corpora.read(Corpora.calibration()).forEach(message -> corpusTexts.add(message.text()));
        // Only the overlap is shown on failure: the out-of-sample sets are not to be read message by message.
        assertThat(Corpora.read(Corpora.outOfSample()).stream().map(LabelledMessage::text)
                .filter(corpusTexts::contains).toList()).isEmpty();
    }

    @Test
    void wilsonLowerBoundShrinksSmallSamples() {
        assertThat(Calibration.wilsonLowerBound(0, 0, 1.0)).isZero();
        // all correct: n / (n + z^2)
        assertThat(Calibration.wilsonLowerBound(9, 9, 1.0)).isCloseTo(0.9, within(1e-12));
        assertThat(Calibration.wilsonLowerBound(99, 99, 1.0)).isCloseTo(0.99, within(1e-12));
        assertThat(Calibration.wilsonLowerBound(5, 10, 1.0)).isLessThan(0.5);
    }

    @Test
    void calibrationFileNamesTheCorpusItWasMeasuredOn() throws Exception {
        JsonNode corpus;
        try (InputStream in = getClass().getResourceAsStream(Calibration.DEFAULT_RESOURCE)) {
            corpus = JSON.readTree(in).path("corpus");
        }
        assertThat(corpus.toString()).contains("intents-dev.jsonl").contains("intents-extra.jsonl")
                .doesNotContain("intents-holdout.jsonl").doesNotContain("frozen");
    }
}
