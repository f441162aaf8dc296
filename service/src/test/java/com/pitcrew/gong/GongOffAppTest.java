package com.pitcrew.gong;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shipped config.yml without Gong credentials: the service starts, and the health check and task say it is off. */
@ExtendWith(DropwizardExtensionsSupport.class)
class GongOffAppTest {

    private static final TestDatabase DATABASE = TestDatabase.h2();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(), TestApps.overrides(DATABASE, logDir()));

    private static Path logDir() {
        try {
            return Files.createTempDirectory("pitcrew-gong-off-logs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    @Test
    void withoutCredentialsTheServiceRunsAndSaysTheConnectorIsOff() {
        String admin = "http://127.0.0.1:" + APP.getAdminPort();
        JsonNode gong = APP.client().target(admin + "/healthcheck").request().get().readEntity(JsonNode.class)
                .path("gong");
        assertThat(gong.path("healthy").asBoolean()).isTrue();
        assertThat(gong.path("message").asText()).isEqualTo(GongConnector.OFF);
        assertThat(APP.client().target(admin + "/tasks/sync-gong").request().post(Entity.text(""), String.class))
                .contains(GongConnector.OFF);
    }
}
