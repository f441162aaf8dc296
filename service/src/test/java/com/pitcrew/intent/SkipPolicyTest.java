package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SkipPolicyTest {

    private final SkipPolicy policy = new SkipPolicy(0.9);
    private final Classification confident = new Classification(Intent.SEARCH_CALLS, 0.95, "r");

    @Test
    void skipsOnlyWhenEverythingAllows() {
        assertThat(policy.decide(confident, true, Optional.empty(), false, false))
                .isEqualTo(new SkipPolicy.Verdict(true, 0.9, "confident"));
    }

    @Test
    void thresholdIsInclusive() {
        assertThat(policy.decide(new Classification(Intent.HELP, 0.9, "r"), true, Optional.empty(), false, false).skip())
                .isTrue();
    }

    @Test
    void eachConditionBlocksOnItsOwn() {
        assertThat(policy.decide(confident, false, Optional.empty(), false, false).reason()).isEqualTo("flag_off");
        assertThat(policy.decide(confident, true, Optional.empty(), true, false).reason()).isEqualTo("kill_switch");
        assertThat(policy.decide(new Classification(Intent.DRAFT_EMAIL, 1.0, "r"), true, Optional.empty(), false, false)
                .reason()).isEqualTo("intent_not_eligible");
        assertThat(policy.decide(new Classification(Intent.HELP, 0.89, "r"), true, Optional.empty(), false, false)
                .reason()).isEqualTo("below_threshold");
    }

    @Test
    void aVetoedClassificationNeverSkipsWhateverTheThreshold() {
        Classification vetoed = new Classification(Intent.SEARCH_CALLS, 0.85, "r", true);
        assertThat(policy.decide(vetoed, true, Optional.of(0.5), false, false))
                .isEqualTo(new SkipPolicy.Verdict(false, 0.5, "vetoed"));
        assertThat(SkipThreshold.skips(vetoed, 0.0)).isFalse();
        assertThat(vetoed.withConfidence(0.6).vetoed()).isTrue();
    }

    @Test
    void variantThresholdOverridesConfig() {
        assertThat(policy.decide(new Classification(Intent.HELP, 0.86, "r"), true, Optional.of(0.85), false, false))
                .isEqualTo(new SkipPolicy.Verdict(true, 0.85, "confident"));
        assertThat(policy.decide(confident, true, Optional.of(0.99), false, false).skip()).isFalse();
    }

    @Test
    void anOpenRuleBreakerStopsOnlyThatRuleSkipping() {
        assertThat(policy.decide(confident, true, Optional.empty(), false, true))
                .isEqualTo(new SkipPolicy.Verdict(false, 0.9, "rule_breaker"));
        assertThat(policy.decide(new Classification(Intent.SEARCH_CALLS, 0.5, "r"), true, Optional.empty(), false,
                true).reason()).as("the breaker, not the lowered confidence, is why").isEqualTo("rule_breaker");
        assertThat(policy.decide(confident, true, Optional.empty(), true, true).reason()).isEqualTo("kill_switch");
    }
}
