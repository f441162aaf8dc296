package com.pitcrew.knowledge;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pitcrew.storage.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookProcessorTest {

    private static final String SSO = "recFeaSso00000000";
    private static final String DOMAINS = "recFeaDomain00000";
    private static final String NEW_SSO_TEXT = "SAML 2.0 and OIDC single sign-on";

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    /** One test's world: a fake Airtable whose SSO feature changed and custom domains were deleted. */
    private static final class World implements AutoCloseable {
        final FakeAirtable airtable = new FakeAirtable();
        final FakeTime time = new FakeTime();
        final KnowledgeDb db;
        final ProductSnapshots snapshots;

        World(String kind) {
            db = new KnowledgeDb(kind);
            db.store().replaceTables(Records.sample());
            snapshots = new ProductSnapshots(db.store(), new MetricRegistry(), time.clock(), time,
                    java.time.Duration.ZERO, Runnable::run);
            snapshots.rebuild();
            airtable.stubTableNames();
            airtable.stubPayloads(1, 3, true,
                    List.of(FakeAirtable.payload(ProductTable.FEATURES, List.of(SSO), List.of())));
            airtable.stubPayloads(3, 4, false,
                    List.of(FakeAirtable.payload(ProductTable.FEATURES, List.of(), List.of(DOMAINS))));
            airtable.stubPayloads(4, 4, false, List.of());
            ObjectNode sso = Records.airtableFeature(SSO, "SSO/SAML", NEW_SSO_TEXT);
            airtable.stubRecordsById(ProductTable.FEATURES, List.of(sso));
        }

        WebhookProcessor processor() {
            return processor(db.store());
        }

        WebhookProcessor processor(KnowledgeStore store) {
            AirtableClient client = AirtableClient.create(airtable.configuration(), Records.JSON, time, time);
            return new WebhookProcessor(client, store, snapshots, new SyncStatus(), FakeAirtable.WEBHOOK,
                    time.clock(), Runnable::run, new MetricRegistry());
        }

        String ssoDescription() {
            return db.store().loadAll().get(ProductTable.FEATURES).stream().filter(f -> f.id().equals(SSO))
                    .findFirst().orElseThrow().value("description").orElseThrow();
        }

        @Override
        public void close() throws Exception {
            airtable.close();
            db.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void appliesChangesAndDeletionsAcrossPagesAndPersistsTheCursor(String kind) throws Exception {
        try (World world = new World(kind)) {
            WebhookProcessor.CatchUp result = world.processor().catchUp();

            assertThat(result.payloadCount()).isEqualTo(2);
            assertThat(result.cursor()).isEqualTo(4);
            assertThat(result.changes()).contains(new ChangeCounts(0, 1, 1, 0));
            assertThat(result.snapshotWritten()).isTrue();
            assertThat(world.ssoDescription()).isEqualTo(NEW_SSO_TEXT);
            assertThat(world.db.count("product_features")).isEqualTo(5);
            assertThat(world.db.store().webhookCursor(FakeAirtable.WEBHOOK)).isEqualTo(4);
            assertThat(world.snapshots.current().content()).contains(NEW_SSO_TEXT).doesNotContain("Custom domains");

            // A restarted service (new processor) resumes from the stored cursor.
            WebhookProcessor.CatchUp afterRestart = world.processor().catchUp();
            assertThat(afterRestart.payloadCount()).isZero();
            world.airtable.server().verify(1, getRequestedFor(urlPathEqualTo(FakeAirtable.payloadsPath()))
                    .withQueryParam("cursor", equalTo("4")));
            world.airtable.server().verify(1, getRequestedFor(urlPathEqualTo(FakeAirtable.payloadsPath()))
                    .withQueryParam("cursor", equalTo("1")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void duplicatePingsAndRedeliveredPayloadsChangeNothing(String kind) throws Exception {
        try (World world = new World(kind)) {
            WebhookProcessor processor = world.processor();
            processor.requestCatchUp();
            processor.requestCatchUp();
            assertThat(world.db.count("product_snapshots")).isEqualTo(2);

            // Airtable delivers the same payloads again after cursor 4 (at-least-once).
            world.airtable.stubPayloads(4, 6, false, List.of(
                    FakeAirtable.payload(ProductTable.FEATURES, List.of(SSO), List.of()),
                    FakeAirtable.payload(ProductTable.FEATURES, List.of(), List.of(DOMAINS))));
            WebhookProcessor.CatchUp again = processor.catchUp();

            assertThat(again.changes()).contains(new ChangeCounts(0, 0, 0, 1));
            assertThat(again.snapshotWritten()).isFalse();
            assertThat(world.db.count("product_snapshots")).isEqualTo(2);
            assertThat(world.db.store().webhookCursor(FakeAirtable.WEBHOOK)).isEqualTo(6);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCrashBetweenFetchAndApplyLeavesNothingAppliedAndTheNextRunAppliesAll(String kind) throws Exception {
        try (World world = new World(kind)) {
            String before = world.snapshots.current().content();

            WebhookProcessor.Pending fetched = world.processor().fetchPending();
            // The process dies here: the fetched payloads are lost with it.
            assertThat(fetched.changes().isEmpty()).isFalse();

            assertThat(world.db.store().webhookCursor(FakeAirtable.WEBHOOK)).isEqualTo(WebhookChanges.FIRST_CURSOR);
            assertThat(world.db.count("product_features")).isEqualTo(6);
            assertThat(world.snapshots.rebuild().snapshot().content()).isEqualTo(before);

            WebhookProcessor.CatchUp restarted = world.processor().catchUp();
            assertThat(restarted.changes()).contains(new ChangeCounts(0, 1, 1, 0));
            assertThat(world.db.store().webhookCursor(FakeAirtable.WEBHOOK)).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFailureInsideTheApplyRollsBackRecordsAndCursorTogether(String kind) throws Exception {
        try (World world = new World(kind)) {
            AtomicBoolean armed = new AtomicBoolean(true);
            world.db.jdbi().addCustomizer(new StatementCustomizer() {
                @Override
                public void beforeExecution(PreparedStatement statement, StatementContext context)
                        throws SQLException {
                    // The cursor write is the last statement of the transaction: the record writes came first.
                    if (context.getRawSql().startsWith("INSERT INTO airtable_webhook_state")
                            && armed.getAndSet(false)) {
                        throw new SQLException("injected failure before the cursor write");
                    }
                }
            });
            WebhookProcessor processor = world.processor();

            assertThatThrownBy(processor::catchUp).hasStackTraceContaining("injected failure");

            assertThat(world.ssoDescription()).as("record update rolled back").doesNotContain(NEW_SSO_TEXT);
            assertThat(world.db.count("product_features")).as("deletion rolled back").isEqualTo(6);
            assertThat(world.db.store().webhookCursor(FakeAirtable.WEBHOOK)).isEqualTo(WebhookChanges.FIRST_CURSOR);

            WebhookProcessor.CatchUp retried = processor.catchUp();
            assertThat(retried.changes()).contains(new ChangeCounts(0, 1, 1, 0));
            assertThat(world.ssoDescription()).isEqualTo(NEW_SSO_TEXT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void payloadsAppliedByAnotherRunAreNotAppliedAgain(String kind) throws Exception {
        try (World world = new World(kind)) {
            WebhookProcessor.Pending stale = world.processor().fetchPending();
            world.processor().catchUp();

            assertThat(world.processor().apply(stale)).as("cursor moved on: nothing written").isEqualTo(Optional.empty());
            assertThat(world.db.store().webhookCursor(FakeAirtable.WEBHOOK)).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFullSyncNeverOverwritesWhatACatchUpAppliedDuringItsRead(String kind) throws Exception {
        try (World world = new World(kind)) {
            // One store, as ProductKnowledge shares one between its sync and its webhook processor.
            KnowledgeStore store = world.db.store();
            WebhookProcessor processor = world.processor(store);
            ProductSync sync = new ProductSync(store, world.snapshots, new SyncStatus(), world.time.clock(),
                    world.time);
            SampleBase sample = new SampleBase(Records.JSON);
            List<CompletableFuture<WebhookProcessor.CatchUp>> catchUp = new ArrayList<>();
            ProductSource pingDuringRead = new ProductSource() {
                @Override
                public String describe() {
                    return "the sample, with a webhook ping while it is read";
                }

                @Override
                public List<AirtableRecord> records(ProductTable table, IntConsumer onPage) {
                    List<AirtableRecord> read = sample.records(table, onPage);
                    if (table == ProductTable.FEATURES) {
                        // The old SSO text is read; now the change arrives. Go on once the catch-up has applied it
                        // or is waiting its turn behind this sync.
                        catchUp.add(CompletableFuture.supplyAsync(processor::catchUp));
                        while (!catchUp.get(0).isDone() && !store.tableWrites().hasQueuedThreads()) {
                            Thread.onSpinWait();
                        }
                    }
                    return read;
                }
            };

            sync.fullSync(pingDuringRead);
            catchUp.get(0).get(30, TimeUnit.SECONDS);

            assertThat(world.ssoDescription()).as("the newer record wins").isEqualTo(NEW_SSO_TEXT);
            assertThat(world.db.store().loadAll().get(ProductTable.FEATURES)).extracting(ProductRecord::id)
                    .doesNotContain(DOMAINS);
        }
    }
}
