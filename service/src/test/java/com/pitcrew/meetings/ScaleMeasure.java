package com.pitcrew.meetings;

import com.pitcrew.pipeline.MeetingScope;
import com.pitcrew.storage.MigratedDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures the meetings feature at scale on generated calls (not a unit test; run by hand, see README "Scale"):
 * {@code java -cp ... com.pitcrew.meetings.ScaleMeasure [calls] [turns]}. Stores the calls one transaction each as
 * an import does, builds the index from the database, reports heap after a GC and search latency percentiles.
 */
public final class ScaleMeasure {

    private static final String[] WORDS = ("pricing discount seats renewal onboarding training timeline security "
            + "soc hipaa gdpr residency region salesforce snowflake bigquery looker tableau budget procurement quote "
            + "contract legal sso okta scim dashboard report analyst admin workshop pilot rollout migration data "
            + "warehouse latency uptime support ticket integration export api limit plan growth enterprise starter "
            + "team quarter board approval invoice payment term annual monthly").split(" ");
    private static final String[] ACCOUNTS = {"Acme Corp", "Globex", "Initech", "Hooli", "Oscorp", "Pied Piper"};

    private ScaleMeasure() {
    }

    static List<Meeting> generate(int calls, int turns, Instant now, long seed) {
        Random random = new Random(seed);
        List<Meeting> meetings = new ArrayList<>(calls);
        for (int c = 0; c < calls; c++) {
            List<Meeting.Turn> transcript = new ArrayList<>(turns);
            for (int t = 0; t < turns; t++) {
                StringBuilder text = new StringBuilder();
                int length = 8 + random.nextInt(20);
                for (int w = 0; w < length; w++) {
                    text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                transcript.add(new Meeting.Turn(t, t % 2 == 0 ? "Riley Stone" : "Customer " + (c % 50), text + "."));
            }
            meetings.add(new Meeting("gen-" + c, ACCOUNTS[c % ACCOUNTS.length], "Generated call " + c, "call",
                    now.minus(Duration.ofMinutes(37L * c)), 45, List.of(Meeting.Attendee.parse("Riley Stone (AE)")),
                    transcript));
        }
        return meetings;
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        Clock clock = Clock.systemUTC();
        List<Meeting> meetings = generate(calls, turns, clock.instant(), 42);
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            MeetingStore store = new MeetingStore(database.jdbi(), clock);
            long start = System.nanoTime();
            for (Meeting meeting : meetings) {
                store.replaceAll(List.of(meeting), "file");
            }
            double importSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("import: %d calls x %d turns in %.1f s = %.0f calls/s%n", calls, turns, importSeconds,
                    calls / importSeconds);
            meetings = null;

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

            String[] queries = {"pricing", "onboarding timeline", "soc hipaa", "looker tableau", "budget approval"};
            int rounds = 120;
            long[] nanos = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                Topic topic = search.topic(queries[i % queries.length], MeetingScope.empty());
                long t0 = System.nanoTime();
                search.meetings(MeetingScope.empty(), topic);
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos, 20, rounds); // the first 20 are warm-up
            long[] measured = Arrays.copyOfRange(nanos, 20, rounds);
            System.out.printf("search (meetings, no scope, %d measured): p50 %.1f ms, p99 %.1f ms%n", measured.length,
                    measured[measured.length / 2] / 1e6, measured[(int) (measured.length * 0.99)] / 1e6);
        }
    }
}
