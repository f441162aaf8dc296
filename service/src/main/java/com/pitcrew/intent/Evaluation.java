package com.pitcrew.intent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The metrics of the skip decision on a labelled set, computed in one place for the eval command, the calibration
 * and target tests and the benchmark: accuracy, per-intent precision and recall, skip coverage and precision at a
 * threshold, and a 10-bin reliability table with its expected calibration error (ECE).
 */
public final class Evaluation {

    /** One labelled message and what the classifier said of it. */
    public record Outcome(LabelledMessage message, Classification classification) {

        public boolean correct() {
            return classification.intent() == message.intent();
        }
    }

    /** Precision and recall of one intent; NaN when undefined (nothing predicted, nothing labelled). */
    public record IntentScore(Intent intent, int labelled, int predicted, int correct) {

        public double precision() {
            return predicted == 0 ? Double.NaN : (double) correct / predicted;
        }

        public double recall() {
            return labelled == 0 ? Double.NaN : (double) correct / labelled;
        }
    }

    /** One confidence bin [lower, upper): how many, their mean confidence and their observed accuracy. */
    public record Bin(double lower, double upper, int count, double meanConfidence, double accuracy) {
    }

    static final int BINS = 10;

    private final List<Outcome> outcomes;
    private final double threshold;
    private final Set<String> openBreakers;

    private Evaluation(List<Outcome> outcomes, double threshold, Set<String> openBreakers) {
        this.outcomes = List.copyOf(outcomes);
        this.threshold = SkipThreshold.requireValid(threshold);
        this.openBreakers = Set.copyOf(openBreakers);
    }

    public static Evaluation of(List<Outcome> outcomes, double threshold) {
        return new Evaluation(outcomes, threshold, Set.of());
    }

    /** Classifies every message with {@code classifier} and evaluates the result. */
    public static Evaluation run(List<LabelledMessage> messages, Function<String, Classification> classifier,
                                 double threshold) {
        return run(messages, classifier, threshold, Set.of());
    }

    /** The same, as the server decides with the rules of {@code openBreakers} stopped from skipping. */
    public static Evaluation run(List<LabelledMessage> messages, Function<String, Classification> classifier,
                                 double threshold, Set<String> openBreakers) {
        List<Outcome> outcomes = new ArrayList<>(messages.size());
        for (LabelledMessage message : messages) {
            outcomes.add(new Outcome(message, classifier.apply(message.text())));
        }
        return new Evaluation(outcomes, threshold, openBreakers);
    }

    public List<Outcome> outcomes() {
        return outcomes;
    }

    public double threshold() {
        return threshold;
    }

    public int size() {
        return outcomes.size();
    }

    public int correct() {
        return (int) outcomes.stream().filter(Outcome::correct).count();
    }

    public double accuracy() {
        return ratio(correct(), size());
    }

    public int skipped() {
        return (int) outcomes.stream().filter(this::skips).count();
    }

    public int skippedCorrect() {
        return (int) outcomes.stream().filter(this::skips).filter(Outcome::correct).count();
    }

    /** Share of all messages that skip LLM validation at the threshold. */
    public double skipCoverage() {
        return ratio(skipped(), size());
    }

    /** Share of skipped messages whose intent is right; NaN when nothing skips. */
    public double skipPrecision() {
        return ratio(skippedCorrect(), skipped());
    }

    private boolean skips(Outcome outcome) {
        return SkipThreshold.skips(outcome.classification(), threshold, openBreakers);
    }

    public Map<Intent, IntentScore> perIntent() {
        Map<Intent, int[]> counts = new EnumMap<>(Intent.class);
        for (Intent intent : Intent.values()) {
            counts.put(intent, new int[3]);
        }
        for (Outcome outcome : outcomes) {
            counts.get(outcome.message().intent())[0]++;
            counts.get(outcome.classification().intent())[1]++;
            if (outcome.correct()) {
                counts.get(outcome.message().intent())[2]++;
            }
        }
        Map<Intent, IntentScore> scores = new EnumMap<>(Intent.class);
        counts.forEach((intent, c) -> scores.put(intent, new IntentScore(intent, c[0], c[1], c[2])));
        return Collections.unmodifiableMap(scores);
    }

    /** Ten equal-width confidence bins; confidence 1.0 falls in the last. */
    public List<Bin> reliability() {
        int[] count = new int[BINS];
        double[] confidenceSum = new double[BINS];
        int[] correct = new int[BINS];
        for (Outcome outcome : outcomes) {
            double confidence = outcome.classification().confidence();
            int bin = Math.min(BINS - 1, (int) Math.floor(confidence * BINS));
            count[bin]++;
            confidenceSum[bin] += confidence;
            if (outcome.correct()) {
                correct[bin]++;
            }
        }
        List<Bin> bins = new ArrayList<>(BINS);
        for (int i = 0; i < BINS; i++) {
            bins.add(new Bin((double) i / BINS, (double) (i + 1) / BINS, count[i],
                    ratio(confidenceSum[i], count[i]), ratio(correct[i], count[i])));
        }
        return bins;
    }

    /** Expected calibration error: the count-weighted mean gap between confidence and accuracy over the bins. */
    public double expectedCalibrationError() {
        double weightedGap = 0.0;
        for (Bin bin : reliability()) {
            if (bin.count() > 0) {
                weightedGap += bin.count() * Math.abs(bin.accuracy() - bin.meanConfidence());
            }
        }
        return ratio(weightedGap, size());
    }

    /** The plain-text report the eval command prints. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "messages: %d%n", size()));
        out.append(String.format(Locale.ROOT, "accuracy: %s (%d/%d)%n%n", format(accuracy()), correct(), size()));
        out.append(String.format(Locale.ROOT, "%-18s %9s %9s %9s %9s%n", "intent", "precision", "recall",
                "labelled", "predicted"));
        for (IntentScore score : perIntent().values()) {
            out.append(String.format(Locale.ROOT, "%-18s %9s %9s %9d %9d%n", score.intent().wireName(),
                    format(score.precision()), format(score.recall()), score.labelled(), score.predicted()));
        }
        out.append(String.format(Locale.ROOT, "%nskip at threshold %.2f:%n", threshold));
        out.append(String.format(Locale.ROOT, "  skip coverage:  %s (%d/%d)%n", format(skipCoverage()), skipped(),
                size()));
        out.append(String.format(Locale.ROOT, "  skip precision: %s (%d/%d)%n%n", format(skipPrecision()),
                skippedCorrect(), skipped()));
        out.append("reliability (10 confidence bins)\n");
        out.append(String.format(Locale.ROOT, "%-11s %7s %15s %9s%n", "confidence", "count", "mean confidence",
                "accuracy"));
        for (Bin bin : reliability()) {
            out.append(String.format(Locale.ROOT, "[%.1f, %.1f%s %7d %15s %9s%n", bin.lower(), bin.upper(),
                    bin.upper() >= 1.0 ? "]" : ")", bin.count(), format(bin.meanConfidence()),
                    format(bin.accuracy())));
        }
        out.append(String.format(Locale.ROOT, "ECE: %s%n", format(expectedCalibrationError())));
        return out.toString();
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static double ratio(double part, double whole) {
        return whole == 0 ? Double.NaN : part / whole;
    }
}
