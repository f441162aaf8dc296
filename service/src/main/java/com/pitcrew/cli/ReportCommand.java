package com.pitcrew.cli;

import com.pitcrew.report.RolloutReport;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code report --logs DIR [--baseline-until TIME] [--out DIR]}: the rollout's evaluation from the JSON logs alone
 * (rotated and gzipped files too), as Markdown and a self-contained HTML page. Needs no configuration or database.
 */
public final class ReportCommand extends Command {

    private final PrintStream out;

    public ReportCommand() {
        this(System.out);
    }

    public ReportCommand(PrintStream out) {
        super("report", "Turn the JSON logs into the rollout report (Markdown and HTML)");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--logs").dest("logs").required(true).metavar("DIR")
                .help("directory of the JSON logs (slack.log, slack-YYYY-MM-DD.log, .gz too)");
        subparser.addArgument("--baseline-until").dest("baselineUntil").metavar("ISO-8601")
                .help("requests before this instant (2026-05-01T09:00:00Z) or UTC date are the baseline");
        subparser.addArgument("--out").dest("out").setDefault("rollout-report").metavar("DIR")
                .help("where rollout-report.md and rollout-report.html go (default: ./rollout-report)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        Optional<Long> cut = Optional.ofNullable(namespace.getString("baselineUntil"))
                .map(value -> TimeOption.epochMillis("--baseline-until", value));
        Path logs = Path.of(namespace.getString("logs"));
        RolloutReport.Written written;
        try {
            written = RolloutReport.write(logs, cut, Path.of(namespace.getString("out")));
        } catch (IOException e) {
            throw new UsageException("report: " + e.getMessage(), e);
        }
        out.println("report: " + written.requests() + " request(s) from " + written.lines() + " line(s), "
                + written.malformed() + " malformed line(s) skipped; wrote " + written.markdown() + " and "
                + written.html());
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
