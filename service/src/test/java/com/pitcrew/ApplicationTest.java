package com.pitcrew;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ApplicationTest {

    private static final TestDatabase DATABASE = TestDatabase.h2();
    private static final Path LOG_DIR = createLogDir();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(), TestApps.overrides(DATABASE, LOG_DIR));

    private static Path createLogDir() {
        try {
            return Files.createTempDirectory("pitcrew-logs");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String admin(String path) {
        return "http://127.0.0.1:" + APP.getAdminPort() + path;
    }

    @Test
    void healthCheckIncludesTheDatabaseAndIsHealthy() {
        Response response = APP.client().target(admin("/healthcheck")).request().get();
        String body = response.readEntity(String.class);
        assertThat(response.getStatus()).as(body).isEqualTo(200);
        assertThat(body).contains("\"database\":{\"healthy\":true");
    }

    @Test
    void metricsAreServedInPrometheusText() {
        Response response = APP.client().target(admin("/prometheus")).request().get();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.readEntity(String.class)).contains("# TYPE").contains("io_dropwizard_jetty");
    }

    @Test
    void everyResponseCarriesACorrelationId() {
        Response response = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/no-such-path")
                .request().get();
        assertThat(response.getHeaderString(CorrelationId.HEADER)).matches("[0-9a-f]{8}");
    }

    @Test
    void aWellFormedIncomingIdIsKept() {
        Response response = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/no-such-path")
                .request().header(CorrelationId.HEADER, "cafe0123").get();
        assertThat(response.getHeaderString(CorrelationId.HEADER)).isEqualTo("cafe0123");
    }

    @Test
    void logsGoToTheLogDirectoryAsJson() throws Exception {
        Path log = LOG_DIR.resolve("slack.log");
        assertThat(log).exists();
        String first = Files.readAllLines(log).get(0);
        assertThat(first).startsWith("{").contains("\"level\"");
    }
}
