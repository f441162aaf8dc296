package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.intent.CorpusFile;
import com.pitcrew.rollout.ProductionLabelStore;
import com.pitcrew.storage.Database;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code export-labels config.yml [--out FILE] [--since ISO-8601] [--all]}: the production labels where the LLM
 * disagreed with the pattern (every label with {@code --all}), oldest first, one JSON object a line in the corpus
 * format with the LLM's intent as the label, so a person can review them and {@code eval --input} them.
 */
public final class ExportLabelsCommand extends ConfiguredCommand<PitCrewConfiguration> {


    private final PrintStream out;
    private final PrintStream err;

    public ExportLabelsCommand() {
        this(System.out, System.err);
    }

    ExportLabelsCommand(PrintStream out, PrintStream err) {
        super("export-labels", "Write production-labelled disagreements (or all labels) as corpus JSON lines");
        this.out = out;
        this.err = err;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--out").dest("out").metavar("FILE.jsonl").help("write here (default: stdout)");
        subparser.addArgument("--since").dest("since").metavar("ISO-8601")
                .help("only labels from this instant (2026-05-01T00:00:00Z) or UTC date (2026-05-01) on");
        subparser.addArgument("--all").dest("all").action(Arguments.storeTrue())
                .help("every label, not only disagreements");
    }

    @Override
    protected void run(Bootstrap<PitCrewConfiguration> bootstrap, Namespace namespace,
                       PitCrewConfiguration configuration) throws Exception {
        CommandOutput.keepConsoleForResults();
        long since = since(Optional.ofNullable(namespace.getString("since")));
        boolean all = namespace.getBoolean("all");
        Optional<Path> file = Optional.ofNullable(namespace.getString("out")).map(Path::of);
        try (Database database = Database.open(configuration.getDatabase(), new MetricRegistry())) {
            ProductionLabelStore store = new ProductionLabelStore(database.jdbi());
            long written = file.isPresent() ? export(store, since, all, open(file.get())) : export(store, since, all,
                    new FilterOutputStream(out) {
                        @Override
                        public void close() throws IOException {
                            flush(); // stdout stays open for the caller
                        }
                    });
            err.println("export-labels: " + written + (all ? " label(s)" : " disagreement(s)") + " written to "
                    + file.map(Path::toString).orElse("stdout"));
        }
    }

    static long since(Optional<String> value) {
        if (value.isEmpty()) {
            return 0L;
        }
        return TimeOption.epochMillis("--since", value.get());
    }

    private static OutputStream open(Path file) {
        try {
            return Files.newOutputStream(file);
        } catch (IOException e) {
            throw new UsageException("--out: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static long export(ProductionLabelStore store, long since, boolean all, OutputStream target)
            throws IOException {
        long[] count = {0};
        try (Writer writer = new BufferedWriter(new OutputStreamWriter(target,
                StandardCharsets.UTF_8))) {
            store.forEach(since, !all, label -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("text", label.text());
                line.put("intent", label.llmIntent());
                line.put("pattern_intent", label.patternIntent());
                line.put("rule", label.ruleId());
                line.put("confidence", label.patternConfidence());
                line.put("source", label.source());
                line.put("at", Instant.ofEpochMilli(label.createdAtMillis()).toString());
                CorpusFile.writeLine(writer, line);
                count[0]++;
            });
        }
        return count[0];
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
