package com.pitcrew.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.config.InvalidSettingException;
import com.pitcrew.intent.SkipFlagSource;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real Unleash client, offline from bootstrap files under src/test/resources/unleash. */
class SkipFlagTest {

    private final MetricRegistry metrics = new MetricRegistry();

    static UnleashConfiguration offline(String bootstrap) {
        UnleashConfiguration configuration = new UnleashConfiguration();
        configuration.setBootstrapFile(resource("/unleash/" + bootstrap + ".json").toString());
        return configuration;
    }

    private static Path resource(String name) {
        try {
            return Path.of(SkipFlagTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private SkipFlagSource.State evaluate(String bootstrap, String user, Optional<String> team) {
        SkipFlag flag = SkipFlag.create(offline(bootstrap), metrics);
        try {
            return flag.evaluate(user, team, Optional.of("C1"));
        } finally {
            flag.stop();
        }
    }

    @Test
    void onForEveryoneWithoutAThresholdOverride() {
        assertThat(evaluate("flag-on", "U1", Optional.empty())).isEqualTo(new SkipFlagSource.State(true, Optional.empty()));
    }

    @Test
    void offWhenDisabled() {
        assertThat(evaluate("flag-off", "U1", Optional.empty()).enabled()).isFalse();
    }

    @Test
    void offWhenTheClientKnowsNothingOfTheFlag() {
        assertThat(evaluate("no-flag", "U1", Optional.empty()).enabled()).isFalse();
    }

    @Test
    void gradualRolloutAtZeroReachesNobody() {
        assertThat(evaluate("rollout-zero", "U1", Optional.empty()).enabled()).isFalse();
    }

    @Test
    void variantPayloadOverridesTheThreshold() {
        assertThat(evaluate("variant-threshold", "U1", Optional.empty()))
                .isEqualTo(new SkipFlagSource.State(true, Optional.of(0.5)));
    }

    @Test
    void aVariantWithoutAUsableThresholdIsIgnoredAndCounted() {
        assertThat(evaluate("variant-bad-payload", "U1", Optional.empty()))
                .isEqualTo(new SkipFlagSource.State(true, Optional.empty()));
        assertThat(metrics.counter("pitcrew.rollout.flag.bad_variant_payload").getCount()).isEqualTo(1);
    }

    @Test
    void teamIsAContextPropertyForConstraints() {
        assertThat(evaluate("team-constraint", "U1", Optional.of("T-PILOT")).enabled()).isTrue();
        assertThat(evaluate("team-constraint", "U1", Optional.of("T-OTHER")).enabled()).isFalse();
    }

    @Test
    void theShippedBootstrapTurnsTheFlagOn() {
        UnleashConfiguration configuration = new UnleashConfiguration();
        configuration.setBootstrapFile(com.pitcrew.support.TestApps.repoRoot().resolve("unleash/bootstrap.json").toString());
        SkipFlag flag = SkipFlag.create(configuration, metrics);
        try {
            assertThat(flag.evaluate("U-ANYONE", Optional.empty(), Optional.empty()).enabled()).isTrue();
        } finally {
            flag.stop();
        }
    }

    @Test
    void aMissingBootstrapFileOfflineNamesTheSetting() {
        UnleashConfiguration configuration = new UnleashConfiguration();
        configuration.setBootstrapFile("/nonexistent/bootstrap.json");
        assertThatThrownBy(() -> SkipFlag.create(configuration, metrics))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("UNLEASH_BOOTSTRAP_FILE");
    }
}
