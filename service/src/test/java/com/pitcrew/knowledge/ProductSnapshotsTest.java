package com.pitcrew.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.storage.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProductSnapshotsTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    private static ProductSnapshots snapshots(KnowledgeDb db, FakeTime time, MetricRegistry metrics) {
        return new ProductSnapshots(db.store(), metrics, time.clock(), time, TTL, Runnable::run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anUnchangedBaseRebuildsToTheSameHashAndWritesNoNewVersion(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            db.store().replaceTables(Records.sample());
            ProductSnapshots snapshots = snapshots(db, new FakeTime(), new MetricRegistry());

            ProductSnapshots.RebuildResult first = snapshots.rebuild();
            ProductSnapshots.RebuildResult second = snapshots.rebuild();

            assertThat(first.written()).isTrue();
            assertThat(first.snapshot().version()).isEqualTo(1);
            assertThat(first.snapshot().contentHash()).isEqualTo(RenderedSnapshot.of(Records.sample()).contentHash());
            assertThat(first.snapshot().recordCount()).isEqualTo(31);
            assertThat(second.written()).isFalse();
            assertThat(second.snapshot().content()).isEqualTo(first.snapshot().content());
            assertThat(db.count("product_snapshots")).isEqualTo(1);

            db.store().replaceTables(java.util.Map.of(ProductTable.FEATURES, List.of(
                    Records.feature("recNew", "Embedded analytics", "Dashboards inside your app", "Enterprise"))));
            ProductSnapshots.RebuildResult third = snapshots.rebuild();
            assertThat(third.written()).isTrue();
            assertThat(third.snapshot().version()).isEqualTo(2);
            assertThat(third.snapshot().contentHash()).isNotEqualTo(first.snapshot().contentHash());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCacheHitRunsNoQueryAndAnExpiredEntryOneVersionCheck(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            db.store().replaceTables(Records.sample());
            FakeTime time = new FakeTime();
            MetricRegistry metrics = new MetricRegistry();
            ProductSnapshots snapshots = snapshots(db, time, metrics);
            snapshots.rebuild();

            int before = db.statements();
            for (int i = 0; i < 100; i++) {
                assertThat(snapshots.current().path()).isEqualTo(SnapshotView.Path.FAST);
            }
            assertThat(db.statements() - before).as("queries for 100 cache hits").isZero();

            time.advance(TTL.plusMillis(1));
            before = db.statements();
            SnapshotView view = snapshots.current();
            assertThat(view.version()).contains(1L);
            assertThat(db.statements() - before).as("queries once the TTL passed: the version check").isEqualTo(1);
            assertThat(metrics.meter("pitcrew.knowledge.snapshot.fast").getCount()).isEqualTo(101);
            assertThat(metrics.meter("pitcrew.knowledge.snapshot.slow").getCount()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aVersionStoredByAnotherInstanceIsNoticedAfterTheTtl(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            db.store().replaceTables(Records.sample());
            FakeTime time = new FakeTime();
            ProductSnapshots here = snapshots(db, time, new MetricRegistry());
            ProductSnapshots otherInstance = snapshots(db, time, new MetricRegistry());
            here.rebuild();
            assertThat(here.current().version()).contains(1L);

            db.store().replaceTables(java.util.Map.of(ProductTable.FAQS, List.of()));
            otherInstance.rebuild();
            assertThat(here.current().version()).as("still within the TTL").contains(1L);

            time.advance(TTL.plusMillis(1));
            SnapshotView view = here.current();
            assertThat(view.version()).contains(2L);
            assertThat(view.content()).doesNotContain("## FAQs\n-");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void withNoSnapshotTheSlowPathAnswersFromTheTablesAndTriggersARebuild(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            db.store().replaceTables(Records.sample());
            MetricRegistry metrics = new MetricRegistry();
            ProductSnapshots snapshots = snapshots(db, new FakeTime(), metrics);

            int before = db.statements();
            SnapshotView slow = snapshots.current();

            assertThat(slow.path()).isEqualTo(SnapshotView.Path.SLOW);
            assertThat(slow.version()).isEmpty();
            assertThat(slow.content()).isEqualTo(RenderedSnapshot.of(Records.sample()).content());
            assertThat(metrics.meter("pitcrew.knowledge.snapshot.slow").getCount()).isEqualTo(1);
            // version check + five table reads; the rebuild ran inline (direct executor) and stored version 1
            assertThat(db.count("product_snapshots")).isEqualTo(1);
            assertThat(db.statements() - before).isGreaterThanOrEqualTo(6);
            assertThat(snapshots.current().path()).isEqualTo(SnapshotView.Path.FAST);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentRebuildsAreSerialisedAndWriteOneVersion(String kind) throws Exception {
        try (KnowledgeDb db = new KnowledgeDb(kind)) {
            db.store().replaceTables(Records.sample());
            ProductSnapshots snapshots = snapshots(db, new FakeTime(), new MetricRegistry());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<ProductSnapshots.RebuildResult>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return snapshots.rebuild();
                    }));
                }
                go.countDown();
                int written = 0;
                for (Future<ProductSnapshots.RebuildResult> result : results) {
                    written += result.get().written() ? 1 : 0;
                }
                assertThat(written).isEqualTo(1);
                assertThat(db.count("product_snapshots")).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
