package com.pitcrew.cli;

import com.pitcrew.intent.Evaluation;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code eval config.yml --input F.jsonl [--threshold T]} (default: the configured skip threshold): accuracy, per-intent precision and recall, skip coverage
 * and precision at the threshold, and the reliability table with its ECE, for a labelled JSON-lines file.
 */
public final class EvalCommand extends IntentFileCommand {

    public EvalCommand() {
        this(System.out, System.err);
    }

    EvalCommand(PrintStream out, PrintStream notices) {
        super("eval", "Measure the pattern classifier on a labelled JSON-lines file ({\"text\", \"intent\"})", out,
                notices);
    }

    @Override
    void run(Path input, double threshold, CommandDecisions decisions, PrintStream out) {
        out.print(Evaluation.run(readLabelled(input), decisions::classify, threshold, decisions.openBreakers())
                .report());
    }
}
