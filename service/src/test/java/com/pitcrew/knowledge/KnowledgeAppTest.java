package com.pitcrew.knowledge;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real application against a fake Airtable: start-up sync, the webhook endpoint, health check, admin tasks. */
@ExtendWith(DropwizardExtensionsSupport.class)
class KnowledgeAppTest {

    private static final String NEW_SSO_TEXT = "SAML 2.0 and OIDC single sign-on, now with session policies";
    private static final byte[] KEY = Base64.getDecoder().decode(AirtableMacTest.SECRET);

    // Started before the application (extensions start in no fixed order): the app syncs from it at start.
    private static final FakeAirtable AIRTABLE = startAirtable();
    private static final TestDatabase DATABASE = TestDatabase.h2();
    private static final Path LOG_DIR = tempDir();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(), TestApps.overrides(DATABASE, LOG_DIR,
            ConfigOverride.config("airtable.token", FakeAirtable.TOKEN),
            ConfigOverride.config("airtable.baseId", FakeAirtable.BASE),
            ConfigOverride.config("airtable.apiUrl", AIRTABLE.url()),
            ConfigOverride.config("airtable.webhookId", FakeAirtable.WEBHOOK),
            ConfigOverride.config("airtable.webhookMacSecret", AirtableMacTest.SECRET)));

    private static FakeAirtable startAirtable() {
        FakeAirtable airtable = new FakeAirtable();
        airtable.stubSampleTables();
        airtable.stubTableNames();
        airtable.stubPayloads(1, 1, false, List.of());
        airtable.stubRefresh("2030-01-01T00:00:00.000Z");
        return airtable;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("pitcrew-knowledge-logs");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Response postWebhook(byte[] body, String mac) {
        var request = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/airtable/webhook").request();
        if (mac != null) {
            request = request.header(AirtableMac.HEADER, mac);
        }
        return request.post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
    }

    private static String admin(String path) {
        return "http://127.0.0.1:" + APP.getAdminPort() + path;
    }

    private static long counter(String name) {
        JsonNode metrics = APP.client().target(admin("/metrics")).request().get(JsonNode.class);
        return metrics.path("counters").path(name).path("count").asLong(0);
    }

    private static Jdbi database() {
        return Jdbi.create(DATABASE.url(), DATABASE.user(), DATABASE.password());
    }

    private static int payloadFetches() {
        return AIRTABLE.server().countRequestsMatching(
                getRequestedFor(urlPathEqualTo(FakeAirtable.payloadsPath())).build()).getCount();
    }

    @Test
    void syncsTheBaseAtStartAndReportsTheSnapshotHealthy() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Response response = APP.client().target(admin("/healthcheck")).request().get();
            JsonNode health = response.readEntity(JsonNode.class);
            assertThat(health.path(ProductSnapshotHealthCheck.NAME).path("healthy").asBoolean()).as(health.toString())
                    .isTrue();
            assertThat(health.path(ProductSnapshotHealthCheck.NAME).path("message").asText())
                    .contains("31 records");
        });
        Integer webhookRows = database().withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM airtable_webhook_state WHERE expires_at IS NOT NULL").mapTo(Integer.class).one());
        assertThat(webhookRows).as("webhook refreshed at start and its expiry stored").isEqualTo(1);
    }

    @Test
    void theVectorPingIsAcceptedAndItsPayloadsAreApplied() {
        await().atMost(Duration.ofSeconds(20)).until(() -> database().withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM product_snapshots").mapTo(Integer.class).one()) >= 1);
        AIRTABLE.stubPayloads(1, 2, false, List.of(
                FakeAirtable.payload(ProductTable.FEATURES, List.of("recFeaSso00000000"), List.of())));
        AIRTABLE.stubRecordsById(ProductTable.FEATURES,
                List.of(Records.airtableFeature("recFeaSso00000000", "SSO/SAML", NEW_SSO_TEXT)));

        Response response = postWebhook(AirtableMacTest.BODY.getBytes(StandardCharsets.UTF_8), AirtableMacTest.MAC);

        assertThat(response.getStatus()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String content = database().withHandle(handle -> handle.createQuery(
                    "SELECT content FROM product_snapshots ORDER BY version DESC LIMIT 1").mapTo(String.class).one());
            assertThat(content).contains(NEW_SSO_TEXT);
        });
        long cursor = database().withHandle(handle -> handle.createQuery(
                "SELECT payload_cursor FROM airtable_webhook_state").mapTo(Long.class).one());
        assertThat(cursor).isEqualTo(2L);
    }

    @Test
    void aTamperedBodyIsRejectedWith401AndStartsNothing() {
        long rejected = counter("pitcrew.knowledge.webhook.rejected.bad_mac");
        long accepted = counter("pitcrew.knowledge.webhook.accepted");
        int fetches = payloadFetches();
        byte[] tampered = AirtableMacTest.BODY.replace("21:25:05", "21:25:06").getBytes(StandardCharsets.UTF_8);

        Response response = postWebhook(tampered, AirtableMacTest.MAC);
        Response missing = postWebhook(AirtableMacTest.BODY.getBytes(StandardCharsets.UTF_8), null);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.readEntity(JsonNode.class).path("error").asText()).isEqualTo("MAC does not match the body");
        assertThat(missing.getStatus()).isEqualTo(401);
        assertThat(counter("pitcrew.knowledge.webhook.rejected.bad_mac")).isEqualTo(rejected + 2);
        assertThat(counter("pitcrew.knowledge.webhook.accepted")).isEqualTo(accepted);
        assertThat(payloadFetches()).as("no catch-up was queued").isEqualTo(fetches);
    }

    @Test
    void aMalformedBodyWithAValidMacIsRejectedWith400() {
        long malformed = counter("pitcrew.knowledge.webhook.rejected.malformed");
        byte[] notJson = "ping".getBytes(StandardCharsets.UTF_8);
        byte[] otherBase = "{\"base\":{\"id\":\"appSomeoneElse000\"},\"webhook\":{\"id\":\"ach00000000000000\"}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] noWebhook = "{\"base\":{\"id\":\"app00000000000000\"}}".getBytes(StandardCharsets.UTF_8);

        Response first = postWebhook(notJson, AirtableMac.sign(KEY, notJson));
        Response second = postWebhook(otherBase, AirtableMac.sign(KEY, otherBase));
        Response third = postWebhook(noWebhook, AirtableMac.sign(KEY, noWebhook));

        assertThat(first.getStatus()).isEqualTo(400);
        assertThat(first.readEntity(JsonNode.class).path("error").asText()).isEqualTo("body is not JSON");
        assertThat(second.getStatus()).isEqualTo(400);
        assertThat(second.readEntity(JsonNode.class).path("error").asText()).isEqualTo("unknown base");
        assertThat(third.getStatus()).isEqualTo(400);
        assertThat(counter("pitcrew.knowledge.webhook.rejected.malformed")).isEqualTo(malformed + 3);
    }

    @Test
    void theAdminTasksSyncAndRebuild() {
        await().atMost(Duration.ofSeconds(20)).until(() -> database().withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM product_snapshots").mapTo(Integer.class).one()) >= 1);

        Response sync = APP.client().target(admin("/tasks/sync-airtable")).request().post(Entity.text(""));
        Response rebuild = APP.client().target(admin("/tasks/rebuild-product-snapshot")).request().post(Entity.text(""));

        assertThat(sync.getStatus()).isEqualTo(200);
        assertThat(sync.readEntity(String.class)).startsWith("synced from Airtable base " + FakeAirtable.BASE)
                .contains("Plans 3, Features 6, Integrations 9, Compliance 5, FAQs 8");
        assertThat(rebuild.getStatus()).isEqualTo(200);
        assertThat(rebuild.readEntity(String.class)).contains("(unchanged)");
    }

    @Test
    void theTokenNeverReachesTheLog() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(LOG_DIR.resolve("slack.log")));
        assertThat(Files.readString(LOG_DIR.resolve("slack.log"))).doesNotContain(FakeAirtable.TOKEN)
                .doesNotContain(AirtableMacTest.SECRET);
    }
}
