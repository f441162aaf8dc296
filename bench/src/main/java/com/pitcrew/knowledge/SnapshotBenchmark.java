package com.pitcrew.knowledge;

import com.codahale.metrics.MetricRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The product snapshot's costs over a generated base of 1,000 records (embedded H2):
 * <ul>
 *   <li>{@code fastPathCacheHit}: a request served from the in-process cache; every iteration prints how many
 *       statements ran and fails if any did;</li>
 *   <li>{@code fastPathVersionCheck}: the same with the cache TTL expired, i.e. one version query;</li>
 *   <li>{@code slowPath}: no snapshot, so five table queries and a render per request;</li>
 *   <li>{@code rebuildUnchanged}: a rebuild that reads and renders 1,000 records and finds the hash unchanged;</li>
 *   <li>{@code rebuildChanged}: one record updated, then a rebuild that stores a new version.</li>
 * </ul>
 * Run: {@code java -jar bench/target/benchmarks.jar SnapshotBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SnapshotBenchmark {

    static final int RECORDS = 1_000;

    private BenchBase base;
    private BenchBase emptySnapshotBase;
    private ProductSnapshots cached;
    private ProductSnapshots alwaysCheck;
    private ProductSnapshots noSnapshot;
    private KnowledgeStore store;
    private String toggledId;
    private long statementsAtStart;
    private long flips;

    @Setup(Level.Trial)
    public void setUp() {
        base = new BenchBase(RECORDS);
        store = new KnowledgeStore(base.jdbi());
        MetricRegistry metrics = new MetricRegistry();
        cached = new ProductSnapshots(store, metrics, Clock.systemUTC(), System::nanoTime, Duration.ofHours(1),
                Runnable::run);
        alwaysCheck = new ProductSnapshots(store, metrics, Clock.systemUTC(), System::nanoTime, Duration.ZERO,
                Runnable::run);
        cached.rebuild();
        emptySnapshotBase = new BenchBase(RECORDS);
        // Never rebuilds (the background executor drops the task), so every call takes the slow path.
        noSnapshot = new ProductSnapshots(new KnowledgeStore(emptySnapshotBase.jdbi()), metrics, Clock.systemUTC(),
                System::nanoTime, Duration.ofHours(1), task -> { });
        toggledId = store.loadAll().get(ProductTable.FEATURES).get(0).id();
    }

    @Setup(Level.Iteration)
    public void countFromHere() {
        statementsAtStart = statements();
    }

    @Benchmark
    public SnapshotView fastPathCacheHit() {
        return cached.current();
    }

    @TearDown(Level.Iteration)
    public void report(BenchmarkParams params) {
        long statements = statements() - statementsAtStart;
        System.out.println("  [statements run during this iteration: " + statements + "]");
        if (params.getBenchmark().endsWith("fastPathCacheHit") && statements != 0) {
            throw new IllegalStateException("a cache hit ran " + statements + " statements; expected none");
        }
    }

    @Benchmark
    public SnapshotView fastPathVersionCheck() {
        return alwaysCheck.current();
    }

    @Benchmark
    public SnapshotView slowPath() {
        return noSnapshot.current();
    }

    @Benchmark
    public ProductSnapshots.RebuildResult rebuildUnchanged() {
        return cached.rebuild();
    }

    @Benchmark
    public ProductSnapshots.RebuildResult rebuildChanged() {
        String description = "Flip " + flips++;
        base.jdbi().useHandle(handle -> handle.createUpdate(
                        "UPDATE product_features SET description = :description WHERE record_id = :id")
                .bind("description", description).bind("id", toggledId).execute());
        return cached.rebuild();
    }

    private long statements() {
        return base.statements() + emptySnapshotBase.statements();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        base.close();
        emptySnapshotBase.close();
    }
}
