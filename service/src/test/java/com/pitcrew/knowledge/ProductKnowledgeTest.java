package com.pitcrew.knowledge;

import com.pitcrew.support.TestThreads;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.storage.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProductKnowledgeTest {

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theWebhookIsRefreshedOnlyWhenItsExpiryIsNear(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind); FakeAirtable airtable = new FakeAirtable()) {
            FakeTime time = new FakeTime();
            airtable.stubPayloads(1, 1, false, List.of());
            Instant inSevenDays = time.clock().instant().plus(Duration.ofDays(7));
            airtable.stubRefresh(inSevenDays.toString());
            ProductKnowledge knowledge = new ProductKnowledge(airtable.configuration(), db.jdbi(), Records.JSON,
                    new MetricRegistry(), LlmClient.create(new LlmConfiguration(), new MetricRegistry()),
                    TestThreads.unmanaged(), time.clock(), time, time);
            try {
                knowledge.keepWebhookAlive();
                assertThat(db.store().webhookExpiresAt(FakeAirtable.WEBHOOK)).contains(inSevenDays.toEpochMilli());

                time.advance(Duration.ofDays(4));
                knowledge.keepWebhookAlive();
                airtable.server().verify(1, postRequestedFor(urlPathEqualTo(
                        "/v0/bases/" + FakeAirtable.BASE + "/webhooks/" + FakeAirtable.WEBHOOK + "/refresh")));

                time.advance(Duration.ofHours(25));
                knowledge.keepWebhookAlive();
                airtable.server().verify(2, postRequestedFor(urlPathEqualTo(
                        "/v0/bases/" + FakeAirtable.BASE + "/webhooks/" + FakeAirtable.WEBHOOK + "/refresh")));
            } finally {
                knowledge.stop();
            }
        }
    }

    @Test
    void theHealthCheckReportsMissingFreshAndStaleSnapshots() throws Exception {
        try (KnowledgeDb db = new KnowledgeDb("h2")) {
            FakeTime time = new FakeTime();
            ProductSnapshots snapshots = new ProductSnapshots(db.store(), new MetricRegistry(), time.clock(), time,
                    Duration.ZERO, Runnable::run);
            SyncStatus status = new SyncStatus();
            ProductSnapshotHealthCheck check = new ProductSnapshotHealthCheck(snapshots, status,
                    Optional.of(Duration.ofHours(24)), time.clock());

            HealthCheck.Result missing = check.execute();
            assertThat(missing.isHealthy()).isFalse();
            assertThat(missing.getMessage()).startsWith("no product snapshot yet");

            db.store().replaceTables(Records.sample());
            snapshots.rebuild();
            status.markSynced(time.clock().instant());
            assertThat(check.execute().isHealthy()).isTrue();

            time.advance(Duration.ofHours(23));
            status.markSynced(time.clock().instant());
            time.advance(Duration.ofHours(23));
            assertThat(check.execute().isHealthy()).as("a sync without changes keeps it fresh").isTrue();

            time.advance(Duration.ofHours(2));
            HealthCheck.Result stale = check.execute();
            assertThat(stale.isHealthy()).isFalse();
            assertThat(stale.getMessage()).startsWith("stale: version 1, 31 records");
        }
    }
}
