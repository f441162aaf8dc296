package com.pitcrew.intent;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An independent classifier that may veto a skip, and that guesses where no rule fired: a multinomial logistic
 * regression over hashed words, word pairs and character n-grams of the prepared text (customers' names are already
 * markers, all read as one word, so it never learns a name). It does not decide the intent of a rule's match; when
 * its most likely intent is not the rule's, the match gains the guard {@value #GUARD}, so the message is counted
 * like any other guarded one, is vetoed and goes to the LLM. Rules and this model fail on different things (a
 * keyword against the shape of the whole sentence), which is why the agreement of both is worth more than either.
 *
 * <p>Trained by {@link CalibrateRules} on the corpus the rules are written against, never on the calibration or
 * frozen sets; the weights are stored quantised so retraining reproduces the checked-in file exactly. Immutable and
 * thread-safe; {@link #review} allocates a little and does no I/O.
 */
final class SecondOpinion {

    /** The guard a disagreement adds. */
    static final String GUARD = "second_opinion";

    static final String DEFAULT_RESOURCE = "/intent-second-opinion.txt.gz";

    private static final Intent[] CLASSES = Intent.values();
    private static final List<Intent> CLASS_INDEX = Arrays.asList(CLASSES);
    private static final int DIMENSIONS = 1 << 15;
    private static final int ITERATIONS = 400;
    private static final double LEARNING_RATE = 2.0;
    private static final double L2 = 1e-4;
    /** Stored weights are integers of this scale: exact to reload, and small enough to diff by size. */
    private static final double QUANTUM = 1e5;
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}']+");
    private static final String HEADER = "pitcrew-second-opinion v2";
    /** Whether a name is known (account, person) or only guessed must not change a guess: all read as one word. */
    private static final Set<String> NAME_MARKERS = Set.of(MessageText.ACCOUNT, MessageText.PERSON, MessageText.NAME);
    private static final String ENTITY = "xentity";

    /** weights[class][dimension], then bias[class]. */
    private final double[][] weights;
    private final double[] bias;

    private SecondOpinion(double[][] weights, double[] bias) {
        this.weights = weights;
        this.bias = bias;
    }

    /** The rules' match, with {@value #GUARD} added when this model's best intent is another. */
    RuleSet.Match review(RuleSet.Match match, String preparedText) {
        if (match.winner() == null || match.guards().contains(GUARD)) {
            return match;
        }
        if (predict(preparedText) == match.winner().intent()) {
            return match;
        }
        List<String> guards = new ArrayList<>(match.guards());
        guards.add(GUARD);
        return new RuleSet.Match(match.winner(), match.contested(), guards);
    }

    /** The rules' match on {@code prepared}, reviewed. */
    RuleSet.Match match(RuleSet rules, MessageText.Prepared prepared) {
        return review(rules.match(prepared), prepared.text());
    }

    /**
     * The pattern stage's intent for a match: the rule's when one fired, else this model's guess. Measured on the
     * calibration sets, that guess was right on 52 of 65 messages no rule recognised, where {@code other} was right
     * on 23; it stays in the {@code none} cell, so it never skips.
     */
    Intent intentOf(RuleSet.Match match, String preparedText) {
        return match.winner() == null ? predict(preparedText) : match.winner().intent();
    }

    /** This model's most likely intent for a prepared text. */
    Intent predict(String preparedText) {
        double[] scores = scores(Features.of(preparedText));
        int best = 0;
        for (int k = 1; k < scores.length; k++) {
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        return CLASSES[best];
    }

    private double[] scores(Features features) {
        double[] scores = bias.clone();
        for (int k = 0; k < CLASSES.length; k++) {
            double[] row = weights[k];
            double sum = 0;
            for (int i = 0; i < features.size(); i++) {
                sum += row[features.index(i)] * features.value();
            }
            scores[k] += sum;
        }
        return scores;
    }

    /** Trains on labelled prepared texts: full-batch gradient descent on the softmax loss with L2. */
    static SecondOpinion train(List<String> preparedTexts, List<Intent> labels) {
        if (preparedTexts.size() != labels.size() || preparedTexts.isEmpty()) {
            throw new IllegalArgumentException("need as many labels as texts, and at least one");
        }
        List<Features> examples = preparedTexts.stream().map(Features::of).toList();
        int classes = CLASSES.length;
        double[][] weights = new double[classes][DIMENSIONS];
        double[] bias = new double[classes];
        int n = examples.size();
        SecondOpinion model = new SecondOpinion(weights, bias);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[][] gradient = new double[classes][DIMENSIONS];
            double[] biasGradient = new double[classes];
            for (int e = 0; e < n; e++) {
                Features features = examples.get(e);
                double[] probabilities = softmax(model.scores(features));
                int label = CLASS_INDEX.indexOf(labels.get(e));
                for (int k = 0; k < classes; k++) {
                    double error = probabilities[k] - (k == label ? 1.0 : 0.0);
                    biasGradient[k] += error;
                    double[] row = gradient[k];
                    for (int i = 0; i < features.size(); i++) {
                        row[features.index(i)] += error * features.value();
                    }
                }
            }
            for (int k = 0; k < classes; k++) {
                bias[k] -= LEARNING_RATE * biasGradient[k] / n;
                double[] row = weights[k];
                double[] rowGradient = gradient[k];
                for (int d = 0; d < DIMENSIONS; d++) {
                    row[d] -= LEARNING_RATE * (rowGradient[d] / n + L2 * row[d]);
                }
            }
        }
        return quantised(weights, bias);
    }

    private static SecondOpinion quantised(double[][] weights, double[] bias) {
        double[][] rounded = new double[weights.length][];
        for (int k = 0; k < weights.length; k++) {
            rounded[k] = Arrays.stream(weights[k]).map(SecondOpinion::quantise).toArray();
        }
        return new SecondOpinion(rounded, Arrays.stream(bias).map(SecondOpinion::quantise).toArray());
    }

    private static double quantise(double value) {
        return Math.round(value * QUANTUM) / QUANTUM;
    }

    private static double[] softmax(double[] scores) {
        double max = Arrays.stream(scores).max().orElse(0);
        double[] exp = Arrays.stream(scores).map(score -> Math.exp(score - max)).toArray();
        double sum = Arrays.stream(exp).sum();
        return Arrays.stream(exp).map(value -> value / sum).toArray();
    }

    /** Same weights and bias as {@code other}: what the drift test checks after retraining. */
    boolean sameAs(SecondOpinion other) {
        return Arrays.deepEquals(weights, other.weights) && Arrays.equals(bias, other.bias);
    }

    /** Stores the model as gzip'd text: a header, then per class its bias and its non-zero weights. */
    void write(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
             BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            writer.write(HEADER + " " + DIMENSIONS + "\n");
            for (int k = 0; k < CLASSES.length; k++) {
                writer.write("class " + CLASSES[k].wireName() + " " + Math.round(bias[k] * QUANTUM) + "\n");
                double[] row = weights[k];
                for (int d = 0; d < DIMENSIONS; d++) {
                    long value = Math.round(row[d] * QUANTUM);
                    if (value != 0) {
                        writer.write(d + " " + value + "\n");
                    }
                }
            }
        }
    }

    static SecondOpinion loadDefault() {
        try (InputStream in = SecondOpinion.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE
                        + ": run com.pitcrew.intent.CalibrateRules");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    static SecondOpinion read(InputStream compressed) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(compressed),
                StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null || !header.equals(HEADER + " " + DIMENSIONS)) {
            throw new IOException("not a second-opinion model of this version: " + header);
        }
        double[][] weights = new double[CLASSES.length][DIMENSIONS];
        double[] bias = new double[CLASSES.length];
        int current = -1;
        String line;
        int lineNumber = 1;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("class")) {
                String unknown = line;
                Intent intent = Intent.fromWireName(parts[1])
                        .orElseThrow(() -> new IOException("unknown intent in model: " + unknown));
                current = CLASS_INDEX.indexOf(intent);
                bias[current] = Long.parseLong(parts[2]) / QUANTUM;
            } else if (parts.length == 2 && current >= 0) {
                weights[current][Integer.parseInt(parts[0])] = Long.parseLong(parts[1]) / QUANTUM;
            } else {
                throw new IOException("malformed model line " + lineNumber + ": " + line);
            }
        }
        return new SecondOpinion(weights, bias);
    }

    /** A message's hashed feature indices, each with the same value so every message has unit length. */
    static final class Features {

        private final int[] indices;
        private final double value;

        private Features(int[] indices) {
            this.indices = indices;
            this.value = indices.length == 0 ? 0.0 : 1.0 / Math.sqrt(indices.length);
        }

        int size() {
            return indices.length;
        }

        int index(int position) {
            return indices[position];
        }

        double value() {
            return value;
        }

        static Features of(String preparedText) {
            List<String> words = new ArrayList<>();
            Matcher matcher = TOKEN.matcher(preparedText.toLowerCase(Locale.ROOT));
            while (matcher.find()) {
                String word = matcher.group();
                words.add(NAME_MARKERS.contains(word) ? ENTITY : word);
            }
            Hasher hasher = new Hasher();
            for (int w = 0; w < words.size(); w++) {
                byte[] word = words.get(w).getBytes(StandardCharsets.UTF_8);
                if (w == 0) {
                    hasher.add(FIRST, word, 0, word.length);
                }
                hasher.add(WORD, word, 0, word.length);
                if (w + 1 < words.size()) {
                    hasher.add(PAIR, (words.get(w) + "_" + words.get(w + 1)).getBytes(StandardCharsets.UTF_8));
                }
                String bounded = "<" + words.get(w) + ">";
                byte[] boundedBytes = bounded.getBytes(StandardCharsets.UTF_8);
                boolean ascii = boundedBytes.length == bounded.length();
                for (int length = 3; length <= 5; length++) {
                    for (int start = 0; start + length <= bounded.length(); start++) {
                        if (ascii) {
                            hasher.add(GRAM, boundedBytes, start, length);
                        } else {
                            hasher.add(GRAM, bounded.substring(start, start + length)
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            }
            return new Features(hasher.distinct());
        }
    }

    private static final byte[] FIRST = "first:".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WORD = "w:".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PAIR = "b:".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GRAM = "c:".getBytes(StandardCharsets.UTF_8);

    /** CRC32 of a prefix and a slice, without building the feature's string: the same index as hashing it. */
    private static final class Hasher {

        private final CRC32 crc = new CRC32();
        private int[] indices = new int[128];
        private int size;

        void add(byte[] prefix, byte[] bytes) {
            add(prefix, bytes, 0, bytes.length);
        }

        void add(byte[] prefix, byte[] bytes, int offset, int length) {
            crc.reset();
            crc.update(prefix);
            crc.update(bytes, offset, length);
            if (size == indices.length) {
                indices = Arrays.copyOf(indices, size * 2);
            }
            indices[size++] = (int) (crc.getValue() % DIMENSIONS);
        }

        int[] distinct() {
            return Arrays.stream(indices, 0, size).sorted().distinct().toArray();
        }
    }
}
