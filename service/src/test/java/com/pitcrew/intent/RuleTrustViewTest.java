package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The trust math: when production agreement lowers a rule's confidence, and when a rule fails. */
class RuleTrustViewTest {

    private final Classification calibrated = new Classification(Intent.SEARCH_CALLS, 0.96, "search-verb-calls");

    @Test
    void belowMinSamplesTheCalibrationStands() {
        RuleTrustView view = new RuleTrustView(Map.of("search-verb-calls", new RuleAgreement(29, 10)), Set.of(), 30);
        assertThat(view.apply(calibrated)).isSameAs(calibrated);
    }

    @Test
    void withEnoughSamplesTheLiveConfidenceIsTheWilsonLowerBoundWhenLower() {
        RuleAgreement agreement = new RuleAgreement(40, 30);
        RuleTrustView view = new RuleTrustView(Map.of("search-verb-calls", agreement), Set.of(), 30);

        Classification live = view.apply(calibrated);

        // p = 0.75, n = 40, z = 1: (p + 1/80 - sqrt(p(1-p)/40 + 1/6400)) / (1 + 1/40)
        double expected = (0.75 + 1.0 / 80 - Math.sqrt(0.75 * 0.25 / 40 + 1.0 / 6400)) / (1 + 1.0 / 40);
        assertThat(live.confidence()).isCloseTo(expected, within(1e-12));
        assertThat(live.confidence()).isEqualTo(agreement.lowerBound());
        assertThat(live.intent()).isEqualTo(Intent.SEARCH_CALLS);
        assertThat(live.ruleId()).isEqualTo("search-verb-calls");
    }

    @Test
    void productionAgreementNeverRaisesTheCalibratedConfidence() {
        RuleTrustView view = new RuleTrustView(Map.of("search-verb-calls", new RuleAgreement(10_000, 10_000)),
                Set.of(), 30);
        assertThat(view.apply(calibrated)).isSameAs(calibrated);
    }

    @Test
    void otherRulesAreUntouched() {
        RuleTrustView view = new RuleTrustView(Map.of("other-rule", new RuleAgreement(100, 0)), Set.of("other-rule"),
                30);
        assertThat(view.apply(calibrated)).isSameAs(calibrated);
        assertThat(view.breakerOpen("search-verb-calls")).isFalse();
        assertThat(view.breakerOpen("other-rule")).isTrue();
    }

    @Test
    void aRuleFailsOnlyWithEnoughSamplesAndAPrecisionBelowTheThreshold() {
        assertThat(new RuleAgreement(30, 26).failing(30, 0.9)).as("0.867 < 0.9").isTrue();
        assertThat(new RuleAgreement(30, 27).failing(30, 0.9)).as("0.9 is not below 0.9").isFalse();
        assertThat(new RuleAgreement(29, 0).failing(30, 0.9)).as("too few to judge").isFalse();
        assertThat(new RuleAgreement(0, 0).precision()).isZero();
        assertThat(new RuleAgreement(0, 0).lowerBound()).isZero();
    }

    @Test
    void impossibleFiguresAreRefused() {
        assertThatThrownBy(() -> new RuleAgreement(3, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuleTrustView(Map.of(), Set.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
