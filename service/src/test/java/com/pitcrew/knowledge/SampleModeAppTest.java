package com.pitcrew.knowledge;

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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The repository's config.yml with no Airtable settings: the shipped sample base, ready before the first request. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SampleModeAppTest {

    private static final TestDatabase DATABASE = TestDatabase.h2();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(), TestApps.overrides(DATABASE, logDir()));

    private static Path logDir() {
        try {
            return Files.createTempDirectory("pitcrew-sample-logs");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theSampleSnapshotIsHealthyAsSoonAsTheServiceIsUp() {
        Response response = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck").request()
                .get();
        JsonNode check = response.readEntity(JsonNode.class).path(ProductSnapshotHealthCheck.NAME);

        assertThat(check.path("healthy").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.path("message").asText()).startsWith("version 1, 31 records")
                .endsWith("from the shipped sample base");
    }

    @Test
    void theWebhookIsRefusedWhenNotConfigured() {
        Response response = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/airtable/webhook")
                .request().header(AirtableMac.HEADER, AirtableMacTest.MAC)
                .post(Entity.entity(AirtableMacTest.BODY, MediaType.APPLICATION_JSON_TYPE));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.readEntity(JsonNode.class).path("error").asText())
                .isEqualTo("webhook not configured on this service");
    }
}
