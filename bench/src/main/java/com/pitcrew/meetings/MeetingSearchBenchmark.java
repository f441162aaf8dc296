package com.pitcrew.meetings;

import com.pitcrew.pipeline.MeetingScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Search latency over generated calls (see {@link GeneratedCalls}), sampled per call so JMH reports percentiles:
 * the {@code search_calls} ranking across every call, the same within one account, and the best turns the
 * {@code meeting_question} handler quotes. Queries cycle through one- and two-word topics.
 *
 * <pre>java -Xmx4g -jar bench/target/benchmarks.jar MeetingSearchBenchmark -f 1 -wi 3 -i 5 -w 5s -r 10s</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MeetingSearchBenchmark {

    private static final String[] QUERIES = {"pricing", "onboarding timeline", "soc hipaa", "looker tableau",
            "budget approval"};

    /** The index, built once per fork. */
    @State(Scope.Benchmark)
    public static class Index {

        @Param("10000")
        public int calls;

        @Param("150")
        public int turns;

        MeetingSearch search;
        Topic[] topics;
        MeetingScope oneAccount;

        @Setup(Level.Trial)
        public void build() {
            search = new MeetingSearch(calls);
            search.rebuild(GeneratedCalls.generate(calls, turns, Instant.parse("2026-12-01T12:00:00Z"), 42));
            topics = new Topic[QUERIES.length];
            for (int i = 0; i < QUERIES.length; i++) {
                topics[i] = search.topic(QUERIES[i], MeetingScope.empty());
            }
            oneAccount = new MeetingScope(List.of("Globex"), List.of(), Optional.empty());
            // Measure the real search, not one that finds nothing fast.
            if (search.meetings(MeetingScope.empty(), topics[0], 0).size() < calls / 2) {
                throw new IllegalStateException("the generated index does not answer 'pricing'");
            }
        }
    }

    /** Each thread's place in the query cycle. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        Topic next(Index index) {
            Topic topic = index.topics[next];
            next = (next + 1) % index.topics.length;
            return topic;
        }
    }

    @Benchmark
    public List<MeetingSearch.MeetingHit> rankAllCalls(Index index, Cursor cursor) {
        return index.search.meetings(MeetingScope.empty(), cursor.next(index), SearchCallsHandler.SHOWN);
    }

    @Benchmark
    public List<MeetingSearch.MeetingHit> rankOneAccountsCalls(Index index, Cursor cursor) {
        return index.search.meetings(index.oneAccount, cursor.next(index), SearchCallsHandler.SHOWN);
    }

    @Benchmark
    public List<MeetingSearch.TurnHit> bestTurns(Index index, Cursor cursor) {
        return index.search.turns(MeetingScope.empty(), cursor.next(index), MeetingQuestionHandler.EXCERPTS);
    }
}
