package com.pitcrew.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.CorpusFile;
import com.pitcrew.intent.PatternClassifier;
import com.pitcrew.intent.SkipThreshold;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code classify config.yml --input F.jsonl}: one JSON line per input line on stdout, the input's fields plus
 * {@code intent}, {@code confidence} and {@code skip} (as if the flag were on for everyone, no kill switch, at the
 * default threshold). An {@code intent} field in the input is replaced by the classifier's.
 */
public final class ClassifyCommand extends IntentFileCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ClassifyCommand() {
        this(System.out);
    }

    ClassifyCommand(PrintStream out) {
        super("classify", "Classify the messages of a JSON-lines file with the pattern classifier", out);
    }

    @Override
    void run(Path input, Namespace namespace, PatternClassifier classifier, PrintStream out) {
        List<CorpusFile.Line> lines = readMessages(input);
        for (CorpusFile.Line line : lines) {
            Classification classification = classifier.classify(line.text());
            ObjectNode result = line.fields().deepCopy();
            result.put("intent", classification.intent().wireName());
            result.put("confidence", classification.confidence());
            result.put("skip", SkipThreshold.skips(classification, SkipThreshold.DEFAULT));
            try {
                out.println(JSON.writeValueAsString(result));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
