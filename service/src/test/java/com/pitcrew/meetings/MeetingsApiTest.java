package com.pitcrew.meetings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** POST /meetings and the meetings tasks on a running service, over real HTTP. */
@ExtendWith(DropwizardExtensionsSupport.class)
class MeetingsApiTest {

    private static final String TOKEN = "import-token-for-tests";
    private static final TestDatabase DATABASE = TestDatabase.h2();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(), TestApps.overrides(DATABASE, logDir(),
            ConfigOverride.config("meetings.importToken", TOKEN),
            ConfigOverride.config("meetings.maxImportSize", "4KiB")));

    private static final String CALL = """
            {"id": "api-call-1", "title": "Onboarding kick-off", "account": "Hooli",
             "start": "2026-11-30T15:00:00Z", "durationMinutes": 30,
             "attendees": [{"name": "Gavin Marsh", "email": "gavin@hooli.com"},
                           {"name": "Riley Stone", "email": "riley@beacon.io", "internal": true}],
             "turns": [{"speaker": "Gavin Marsh", "text": "Our onboarding needs the marmalade connector."},
                       {"speaker": "Riley Stone", "text": "I will send the plan tomorrow."}]}
            """;

    private static Path logDir() {
        try {
            return Files.createTempDirectory("pitcrew-meetings-logs");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Invocation.Builder post() {
        return APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/meetings").request();
    }

    private static int stored(String id) throws Exception {
        try (Connection connection = DriverManager.getConnection(DATABASE.url(), DATABASE.user(), DATABASE.password());
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM meeting_turns WHERE meeting_id = '" + id + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static long counter(String name) {
        JsonNode metrics = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/metrics").request()
                .get(JsonNode.class);
        return metrics.path("counters").path(name).path("count").asLong();
    }

    @Test
    void withoutTheRightBearerTokenNothingIsStored() throws Exception {
        Response none = post().post(Entity.entity(CALL, MediaType.APPLICATION_JSON));
        assertThat(none.getStatus()).isEqualTo(401);
        assertThat(none.readEntity(JsonNode.class).path("error").asText()).isEqualTo("unauthorized");
        Response wrong = post().header("Authorization", "Bearer " + TOKEN.replace('t', 'x'))
                .post(Entity.entity(CALL, MediaType.APPLICATION_JSON));
        assertThat(wrong.getStatus()).isEqualTo(401);
        assertThat(stored("api-call-1")).isZero();
        assertThat(counter("pitcrew.meetings.api.rejected.unauthorized")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTooLargeOrBadDocumentIsRefusedWithItsReason() throws Exception {
        String large = CALL.replace("marmalade connector", "x".repeat(5000));
        Response tooLarge = post().header("Authorization", "Bearer " + TOKEN)
                .post(Entity.entity(large, MediaType.APPLICATION_JSON));
        assertThat(tooLarge.getStatus()).isEqualTo(413);

        Response bad = post().header("Authorization", "Bearer " + TOKEN)
                .post(Entity.entity(CALL.replace("\"start\": \"2026-11-30T15:00:00Z\"", "\"start\": \"yesterday\""),
                        MediaType.APPLICATION_JSON));
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.readEntity(JsonNode.class).path("reason").asText()).contains("start 'yesterday'");

        Response broken = post().header("Authorization", "Bearer " + TOKEN)
                .post(Entity.entity("{\"id\": \"x\",\n\"title\": }", MediaType.APPLICATION_JSON));
        assertThat(broken.getStatus()).isEqualTo(400);
        assertThat(broken.readEntity(JsonNode.class).path("line").asInt()).isEqualTo(2);
        assertThat(counter("pitcrew.meetings.api.rejected.bad_call")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aGoodDocumentIsStoredThenReplacedThenDeletedByTheTask() throws Exception {
        Response created = post().header("Authorization", "Bearer " + TOKEN)
                .post(Entity.entity(CALL, MediaType.APPLICATION_JSON));
        assertThat(created.getStatus()).isEqualTo(201);
        assertThat(created.readEntity(JsonNode.class).path("turns").asInt()).isEqualTo(2);

        Response replaced = post().header("Authorization", "Bearer " + TOKEN)
                .post(Entity.entity(CALL.replace("I will send the plan tomorrow.\"}",
                        "I will send the plan tomorrow.\"}, {\"speaker\": \"Gavin Marsh\", \"text\": \"Thanks.\"}"),
                        MediaType.APPLICATION_JSON));
        assertThat(replaced.getStatus()).isEqualTo(200);
        assertThat(replaced.readEntity(JsonNode.class).path("replaced").asBoolean()).isTrue();
        assertThat(stored("api-call-1")).as("replaced, not added to").isEqualTo(3);

        String tasks = "http://127.0.0.1:" + APP.getAdminPort() + "/tasks/delete-meeting";
        Response missing = APP.client().target(tasks).queryParam("id", "no-such-call").request().post(Entity.text(""));
        assertThat(missing.getStatus()).isEqualTo(400);
        Response deleted = APP.client().target(tasks).queryParam("id", "api-call-1").request().post(Entity.text(""));
        assertThat(deleted.getStatus()).isEqualTo(200);
        assertThat(deleted.readEntity(String.class)).contains("deleted api-call-1");
        assertThat(stored("api-call-1")).isZero();
    }

    @Test
    void anAliasIsFixedByTheTask() {
        String task = "http://127.0.0.1:" + APP.getAdminPort() + "/tasks/account-alias";
        Response fixed = APP.client().target(task).queryParam("alias", "Big Hoo").queryParam("account", "Hooli")
                .request().post(Entity.text(""));
        assertThat(fixed.getStatus()).isEqualTo(200);
        assertThat(fixed.readEntity(String.class)).contains("alias 'big hoo' now names Hooli");
        Response unknown = APP.client().target(task).queryParam("alias", "x").queryParam("account", "Nobody Inc")
                .request().post(Entity.text(""));
        assertThat(unknown.getStatus()).isEqualTo(400);
        Response removed = APP.client().target(task).queryParam("alias", "big hoo").queryParam("remove", "true")
                .request().post(Entity.text(""));
        assertThat(removed.readEntity(String.class)).contains("removed");
    }
}
