package com.pitcrew.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.Concurrently;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KnowledgeStoreTest {

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoInstancesRecordingTheSameNewWebhookBothSucceed(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            KnowledgeStore store = db.store();

            List<Throwable> failures = Concurrently.twoWriters(20,
                    round -> store.saveWebhookExpiry("achRace" + round, 1_000L + round, 500L));

            assertThat(failures).isEmpty();
            assertThat(store.webhookExpiresAt("achRace7")).contains(1_007L);
            assertThat(store.webhookCursor("achRace7")).isEqualTo(WebhookChanges.FIRST_CURSOR);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoFullSyncsOfNewRecordsAtOnceBothSucceed(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            KnowledgeStore store = db.store();
            Map<ProductTable, List<ProductRecord>> sample = Records.sample();

            List<Throwable> failures = Concurrently.twoWriters(5, round -> store.replaceTables(sample));

            assertThat(failures).isEmpty();
            Map<ProductTable, List<ProductRecord>> loaded = store.loadAll();
            for (ProductTable table : ProductTable.values()) {
                assertThat(loaded.get(table)).as(table.name()).containsExactlyInAnyOrderElementsOf(sample.get(table));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFullSyncStoresEveryTableAndReadsBackEqualRecords(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            KnowledgeStore store = db.store();
            Map<ProductTable, List<ProductRecord>> sample = Records.sample();

            ChangeCounts first = store.replaceTables(sample);

            assertThat(first).isEqualTo(new ChangeCounts(31, 0, 0, 0));
            Map<ProductTable, List<ProductRecord>> loaded = store.loadAll();
            for (ProductTable table : ProductTable.values()) {
                assertThat(loaded.get(table)).as(table.name()).containsExactlyInAnyOrderElementsOf(sample.get(table));
            }
            ProductRecord starter = loaded.get(ProductTable.PLANS).stream()
                    .filter(plan -> plan.title().equals("Starter")).findFirst().orElseThrow();
            assertThat(starter.value("price_per_seat_usd")).as("DECIMAL 25.00 reads back as 25").contains("25");
            assertThat(starter.value("min_seats")).contains("3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void syncingTheSameBaseAgainWritesNothing(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            KnowledgeStore store = db.store();
            store.replaceTables(Records.sample());

            ChangeCounts again = store.replaceTables(Records.sample());

            assertThat(again).isEqualTo(new ChangeCounts(0, 0, 0, 31));
            assertThat(again.changedAnything()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recordsThatDisappearedAreDeletedAndChangedOnesUpdated(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            KnowledgeStore store = db.store();
            store.replaceTables(Records.sample());
            List<ProductRecord> features = new ArrayList<>(Records.sample().get(ProductTable.FEATURES));
            features.removeIf(feature -> feature.title().equals("Custom domains"));
            features.replaceAll(feature -> feature.title().equals("SCIM provisioning")
                    ? Records.feature(feature.id(), "SCIM provisioning", "Now on Growth too", "Growth", "Enterprise")
                    : feature);

            ChangeCounts changes = store.replaceTables(Map.of(ProductTable.FEATURES, features));

            assertThat(changes).isEqualTo(new ChangeCounts(0, 1, 1, 4));
            assertThat(db.count("product_features")).isEqualTo(5);
            assertThat(db.count("product_plans")).as("tables not in the sync are left alone").isEqualTo(3);
            assertThat(store.loadAll().get(ProductTable.FEATURES)).extracting(ProductRecord::title)
                    .doesNotContain("Custom domains");
        }
    }
}
