package com.pitcrew.meetings;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.storage.Database;
import com.pitcrew.storage.StorageConfiguration;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The meetings feature at scale on generated calls ({@link GeneratedCalls}), for the README: stores them one
 * transaction each as an import does (embedded in-memory H2), loads and indexes the newest 20,000, and reports the
 * heap after a GC. Search latency is {@link MeetingSearchBenchmark}'s.
 *
 * <pre>java -Xmx4g -cp bench/target/benchmarks.jar com.pitcrew.meetings.MeetingsScale [calls] [turns]</pre>
 */
public final class MeetingsScale {

    private MeetingsScale() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        Clock clock = Clock.systemUTC();
        StorageConfiguration storage = new StorageConfiguration();
        storage.setUrl("jdbc:h2:mem:scale_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        storage.setMigrateOnStart(true);
        try (Database database = Database.open(storage, new MetricRegistry())) {
            MeetingStore store = new MeetingStore(database.jdbi(), clock);
            List<Meeting> generated = GeneratedCalls.generate(calls, turns, clock.instant(), 42);
            long start = System.nanoTime();
            for (Meeting meeting : generated) {
                store.replaceAll(List.of(meeting), "file");
            }
            double importSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("import: %d calls x %d turns in %.1f s = %.0f calls/s%n", calls, turns, importSeconds,
                    calls / importSeconds);
            generated = null;

            MeetingSearch search = new MeetingSearch(20_000);
            start = System.nanoTime();
            List<Meeting> stored = store.newest(20_000);
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            search.rebuild(stored);
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            stored = null;
            System.out.printf("index: load %.1f s, build %.1f s, %d calls, index %d MiB, transcripts %d M chars%n",
                    loadSeconds, buildSeconds, search.size(), search.indexBytes() >> 20,
                    search.transcriptChars() / 1_000_000);
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("heap used after GC with the index: %d MiB (max %d MiB)%n",
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);
        }
    }
}
