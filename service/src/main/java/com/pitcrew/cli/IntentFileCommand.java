package com.pitcrew.cli;

import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.intent.CorpusFile;
import com.pitcrew.intent.CorpusFormatException;
import com.pitcrew.intent.LabelledMessage;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * A command that runs the pattern classifier over a JSON-lines file ({@code --input}) and decides as the server
 * does: the configured threshold, the configured database's account names, production trust and rule breakers
 * ({@link CommandDecisions}; without a database it says so on {@code notices} and uses the sample world). No network.
 */
abstract class IntentFileCommand extends ConfiguredCommand<PitCrewConfiguration> {

    private static final String INPUT = "input";

    private final PrintStream out;
    private final PrintStream notices;

    IntentFileCommand(String name, String description, PrintStream out, PrintStream notices) {
        super(name, description);
        this.out = out;
        this.notices = notices;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--input").dest(INPUT).required(true).metavar("FILE.jsonl")
                .help("JSON lines, each an object with a \"text\" field");
        subparser.addArgument("--threshold").dest(THRESHOLD).type(Double.class).metavar("T")
                .help("skip threshold in [0, 1] (default: intent.skipThreshold of the configuration)");
    }

    static final String THRESHOLD = "threshold";

    @Override
    protected final void run(Bootstrap<PitCrewConfiguration> bootstrap, Namespace namespace,
                             PitCrewConfiguration configuration) throws Exception {
        Double given = namespace.getDouble(THRESHOLD);
        double threshold = given == null ? configuration.getIntent().getSkipThreshold() : given;
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new UsageException("--threshold must be in [0, 1]: " + threshold);
        }
        logToStandardError(bootstrap, configuration);
        run(Path.of(namespace.getString(INPUT)), threshold,
                () -> CommandDecisions.open(configuration, notices, Clock.systemUTC()), out);
        out.flush();
    }

    /**
     * Runs over {@code input}; {@code threshold} is the server's (configuration) unless {@code --threshold} says.
     * {@code decisions} opens the database: read and validate the input first, so a bad file touches nothing.
     */
    abstract void run(Path input, double threshold, Supplier<CommandDecisions> decisions, PrintStream out);

    /** Standard output carries the command's result (JSON lines, the report), so console logs go to stderr. */
    private static void logToStandardError(Bootstrap<PitCrewConfiguration> bootstrap,
                                           PitCrewConfiguration configuration) {
        if (configuration.getLoggingFactory() instanceof DefaultLoggingFactory logging) {
            boolean moved = false;
            for (var appender : logging.getAppenders()) {
                if (appender instanceof ConsoleAppenderFactory<?> console
                        && console.getTarget() == ConsoleAppenderFactory.ConsoleStream.STDOUT) {
                    console.setTarget(ConsoleAppenderFactory.ConsoleStream.STDERR);
                    moved = true;
                }
            }
            if (moved) {
                logging.configure(bootstrap.getMetricRegistry(), bootstrap.getApplication().getName());
            }
        }
    }

    /** Every line, validated before any is used. */
    static List<CorpusFile.Line> readMessages(Path input) {
        try {
            return CorpusFile.readMessages(input);
        } catch (CorpusFormatException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Every line with its label, validated before any is used. */
    static List<LabelledMessage> readLabelled(Path input) {
        try {
            return CorpusFile.readLabelled(input);
        } catch (CorpusFormatException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
