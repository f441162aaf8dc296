package com.pitcrew.cli;

import com.pitcrew.intent.Evaluation;
import com.pitcrew.intent.PatternClassifier;
import com.pitcrew.intent.SkipThreshold;
import java.io.PrintStream;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code eval config.yml --input F.jsonl [--threshold T]}: accuracy, per-intent precision and recall, skip coverage
 * and precision at the threshold, and the reliability table with its ECE, for a labelled JSON-lines file.
 */
public final class EvalCommand extends IntentFileCommand {

    private static final String THRESHOLD = "threshold";

    public EvalCommand() {
        this(System.out);
    }

    EvalCommand(PrintStream out) {
        super("eval", "Measure the pattern classifier on a labelled JSON-lines file ({\"text\", \"intent\"})", out);
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--threshold").dest(THRESHOLD).type(Double.class).setDefault(SkipThreshold.DEFAULT)
                .metavar("T").help("skip threshold in [0, 1] (default " + SkipThreshold.DEFAULT + ")");
    }

    @Override
    void run(Path input, Namespace namespace, PatternClassifier classifier, PrintStream out) {
        double threshold = namespace.getDouble(THRESHOLD);
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new UsageException("--threshold must be in [0, 1]: " + threshold);
        }
        out.print(Evaluation.run(readLabelled(input), classifier::classify, threshold).report());
    }
}
