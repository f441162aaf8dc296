package com.pitcrew.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.CorpusFile;
import com.pitcrew.intent.PatternClassifier;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code classify config.yml --input F.jsonl [--threshold T]}: one JSON line per input line on stdout, the input's
 * fields plus {@code intent}, {@code confidence}, {@code skip} (as the server decides for a user the flag is on for,
 * with no kill switch, at the configured threshold unless {@code --threshold} says), {@code rule}, the
 * {@code guards} that vetoed a skip and the {@code prepared} text the rules saw (names and markup as markers).
 * An {@code intent} field in the input is replaced by the classifier's.
 */
public final class ClassifyCommand extends IntentFileCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ClassifyCommand() {
        this(System.out, System.err);
    }

    ClassifyCommand(PrintStream out, PrintStream notices) {
        super("classify", "Classify the messages of a JSON-lines file with the pattern classifier", out, notices);
    }

    @Override
    void run(Path input, double threshold, Supplier<CommandDecisions> opened, PrintStream out) {
        List<CorpusFile.Line> lines = readMessages(input);
        CommandDecisions decisions = opened.get();
        for (CorpusFile.Line line : lines) {
            PatternClassifier.Explanation explanation = decisions.explain(line.text());
            Classification classification = explanation.classification();
            ObjectNode result = line.fields().deepCopy();
            result.put("intent", classification.intent().wireName());
            result.put("confidence", classification.confidence());
            result.put("skip", decisions.skips(classification, threshold));
            result.put("rule", classification.ruleId());
            result.putPOJO("guards", explanation.guards());
            result.put("prepared", explanation.preparedText());
            try {
                out.println(JSON.writeValueAsString(result));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
