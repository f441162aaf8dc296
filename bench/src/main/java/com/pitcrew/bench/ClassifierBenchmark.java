package com.pitcrew.bench;

import com.pitcrew.intent.Classification;
import com.pitcrew.intent.CorpusFile;
import com.pitcrew.intent.Evaluation;
import com.pitcrew.intent.LabelledMessage;
import com.pitcrew.intent.PatternClassifier;
import com.pitcrew.intent.SkipThreshold;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of {@link PatternClassifier#classify} per message, cycling through every labelled corpus message (dev,
 * calibration additions and held-out), so one operation is one message: ops/s is messages/s.
 *
 * <pre>java -jar bench/target/benchmarks.jar ClassifierBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s</pre>
 */
public class ClassifierBenchmark {

    private static final List<String> CORPUS = List.of(
            "/corpus/intents-dev.jsonl", "/corpus/intents-extra.jsonl", "/corpus/intents-holdout.jsonl");

    /** The shared classifier and the messages, loaded once per run. */
    @State(Scope.Benchmark)
    public static class Corpus {

        PatternClassifier classifier;
        String[] texts;

        @Setup(Level.Trial)
        public void load() throws IOException {
            classifier = PatternClassifier.loadDefault();
            List<LabelledMessage> messages = new ArrayList<>();
            for (String resource : CORPUS) {
                try (InputStream in = ClassifierBenchmark.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("missing " + resource + " in the benchmark jar");
                    }
                    messages.addAll(CorpusFile.readLabelled(in, resource));
                }
            }
            // Measure the real classifier, not a broken one that happens to be fast.
            Evaluation evaluation = Evaluation.run(messages, classifier::classify, SkipThreshold.DEFAULT);
            if (evaluation.accuracy() < 0.85) {
                throw new IllegalStateException("classifier accuracy " + evaluation.accuracy() + " on the corpus");
            }
            texts = messages.stream().map(LabelledMessage::text).toArray(String[]::new);
        }
    }

    /** Each benchmark thread walks the messages on its own. */
    @State(Scope.Thread)
    public static class Cursor {

        private int next;

        String next(Corpus corpus) {
            String text = corpus.texts[next];
            next = next + 1 == corpus.texts.length ? 0 : next + 1;
            return text;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Classification messagesPerSecond(Corpus corpus, Cursor cursor) {
        return corpus.classifier.classify(cursor.next(corpus));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Classification microsecondsPerMessage(Corpus corpus, Cursor cursor) {
        return corpus.classifier.classify(cursor.next(corpus));
    }
}
