package com.pitcrew.meetings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shipped config.yml sets no MEETINGS_IMPORT_TOKEN: POST /meetings is off and says how to turn it on. */
@ExtendWith(DropwizardExtensionsSupport.class)
class MeetingsApiDisabledTest {

    private static final TestDatabase DATABASE = TestDatabase.h2();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(), TestApps.overrides(DATABASE, logDir()));

    private static java.nio.file.Path logDir() {
        try {
            return Files.createTempDirectory("pitcrew-meetings-off-logs");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void withoutATokenImportsOverHttpAreOff() {
        Response response = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/meetings").request()
                .header("Authorization", "Bearer anything").post(Entity.entity("{}", MediaType.APPLICATION_JSON));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.readEntity(JsonNode.class).path("reason").asText()).contains("MEETINGS_IMPORT_TOKEN");
    }
}
