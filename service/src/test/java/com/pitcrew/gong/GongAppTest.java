package com.pitcrew.gong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connector in the running service, against the fake Gong: the scheduled catch-up imports at start,
 * {@code /tasks/sync-gong} syncs again, and the {@code gong} health check and metrics say what happened.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GongAppTest {

    private static final TestDatabase DATABASE = TestDatabase.h2();
    private static final FakeGong GONG = withACall(new FakeGong());

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(), TestApps.overrides(DATABASE, logDir(),
            ConfigOverride.config("gong.accessKey", FakeGong.KEY),
            ConfigOverride.config("gong.accessKeySecret", FakeGong.SECRET),
            ConfigOverride.config("gong.baseUrl", GONG.url()),
            ConfigOverride.config("gong.syncInterval", "1h")));

    private static FakeGong withACall(FakeGong gong) {
        FakeGong.Party rep = new FakeGong.Party("1", "Riley Stone", "riley@beacon.io", "Internal", "AE");
        FakeGong.Party customer = new FakeGong.Party("2", "Laurie Bream", "laurie@raviga.com", "External", "CEO");
        gong.put(new FakeGong.Call("5550001", "Raviga onboarding", Instant.now().minus(Duration.ofDays(2)), 1200,
                List.of(rep, customer), Optional.of("Raviga"), Optional.of(List.of(
                new FakeGong.Monologue("1", "Where are you with onboarding?"),
                new FakeGong.Monologue("2", "Onboarding the marmalade team needs two workshops.")))));
        return gong;
    }

    private static Path logDir() {
        try {
            return Files.createTempDirectory("pitcrew-gong-logs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopFake() {
        GONG.close();
        DATABASE.close();
    }

    private static String admin(String path) {
        return "http://127.0.0.1:" + APP.getAdminPort() + path;
    }

    private static JsonNode gongHealth() {
        Response response = APP.client().target(admin("/healthcheck")).request().get();
        return response.readEntity(JsonNode.class).path("gong");
    }

    @Test
    void theScheduledCatchUpImportsAtStartAndTheTaskSyncsAgain() {
        await().atMost(Duration.ofSeconds(30)).until(() -> gongHealth().path("message").asText()
                .startsWith("last sync at"));
        assertThat(gongHealth().path("healthy").asBoolean()).isTrue();
        assertThat(gongHealth().path("message").asText()).contains("1 imported (0 replaced)");

        String task = APP.client().target(admin("/tasks/sync-gong")).request().post(Entity.text(""), String.class);
        assertThat(task).contains("1 calls listed since").contains("1 imported (1 replaced)");

        JsonNode metrics = APP.client().target(admin("/metrics")).request().get(JsonNode.class);
        assertThat(metrics.path("counters").path("pitcrew.gong.calls.imported").path("count").asLong()).isEqualTo(2);
        assertThat(metrics.path("counters").path("pitcrew.gong.rate_limited").path("count").asLong()).isZero();
        assertThat(metrics.path("counters").path("pitcrew.gong.calls.failed").path("count").asLong()).isZero();
    }
}
