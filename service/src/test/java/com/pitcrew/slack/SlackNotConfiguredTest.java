package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class SlackNotConfiguredTest {

    private static final TestDatabase DATABASE = TestDatabase.h2();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(), TestApps.overrides(DATABASE, SlackTestApps.logDir(),
                    ConfigOverride.config("slack.signingSecret", ""),
                    ConfigOverride.config("slack.botToken", "")));

    @Test
    void withoutCredentialsTheEndpointSays503AndTheServiceRuns() {
        HttpResponse<String> response = new SlackDeliveries(APP.getLocalPort())
                .deliver(SlackDeliveries.payload("url_verification", java.util.Map.of()));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("SLACK_SIGNING_SECRET").contains("SLACK_BOT_TOKEN");
        int health = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")
                .request().get().getStatus();
        assertThat(health).isEqualTo(200);
    }
}
