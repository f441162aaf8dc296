package com.pitcrew.cli;

import com.pitcrew.intent.Evaluation;
import com.pitcrew.intent.LabelledMessage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

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
    void run(Path input, double threshold, Supplier<CommandDecisions> opened, PrintStream out) {
        List<LabelledMessage> messages = readLabelled(input);
        CommandDecisions decisions = opened.get();
        out.print(Evaluation.run(messages, decisions::classify, threshold, decisions.openBreakers()).report());
    }
}
