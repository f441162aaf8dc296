package com.pitcrew.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.support.TestApps;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/** The shipped config.yml with chosen environment variables, loaded and validated as the server loads it. */
class RetentionConfigurationTest {

    private static PitCrewConfiguration load(Map<String, String> environment) throws Exception {
        YamlConfigurationFactory<PitCrewConfiguration> factory = new YamlConfigurationFactory<>(
                PitCrewConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new StringSubstitutor(environment)), TestApps.configPath());
    }

    @Test
    void theDefaultsKeepAMonthOfMessagesAndAQuarterOfTheRest() throws Exception {
        RetentionConfiguration retention = load(Map.of()).getRetention();
        assertThat(retention.getInbox().toDays()).isEqualTo(30);
        assertThat(retention.getInteractions().toDays()).isEqualTo(90);
        assertThat(retention.getFeedback().toDays()).isEqualTo(90);
        assertThat(retention.getShadowValidations().toDays()).isEqualTo(90);
        assertThat(retention.getProductionLabels().toDays()).isEqualTo(90);
        assertThat(retention.getPurgeInterval().toHours()).isEqualTo(1);
    }

    @Test
    void environmentVariablesSetThePeriods() throws Exception {
        RetentionConfiguration retention = load(Map.of("RETENTION_INBOX", "7d", "RETENTION_PRODUCTION_LABELS", "14d",
                "RETENTION_PURGE_INTERVAL", "10m")).getRetention();
        assertThat(retention.getInbox().toDays()).isEqualTo(7);
        assertThat(retention.getProductionLabels().toDays()).isEqualTo(14);
        assertThat(retention.getPurgeInterval().toMinutes()).isEqualTo(10);
    }

    @Test
    void labelsKeptShorterThanTheRuleTrustWindowStopStartUp() {
        assertThatThrownBy(() -> load(Map.of("RETENTION_PRODUCTION_LABELS", "3d")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("retention.productionLabels (RETENTION_PRODUCTION_LABELS) must be at least "
                        + "rollout.ruleTrustWindow (RULE_TRUST_WINDOW)");
        assertThatThrownBy(() -> load(Map.of("RULE_TRUST_WINDOW", "100d")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("RULE_TRUST_WINDOW");
    }

    @Test
    void aPeriodUnderADayStopsStartUp() {
        // An inbox row must outlive Slack's retries of its event, or a retry would be answered twice.
        assertThatThrownBy(() -> load(Map.of("RETENTION_INBOX", "2h")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("retention.inbox");
    }
}
