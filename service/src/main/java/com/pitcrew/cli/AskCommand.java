package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.core.LocalCore;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.pipeline.PipelineOutcome;
import com.pitcrew.pipeline.ReplyItem;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ask config.yml "message" [--user U123]}: runs the whole pipeline in-process, as a Slack message would,
 * and prints the reply and the request summary. The way to use PitCrew without Slack.
 */
public final class AskCommand extends ConfiguredCommand<PitCrewConfiguration> {

    private final PrintStream out;

    public AskCommand() {
        this(System.out);
    }

    AskCommand(PrintStream out) {
        super("ask", "Ask PitCrew a question in-process and print the reply and the request summary");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("message").help("the message, as a user would type it in Slack");
        subparser.addArgument("--user").setDefault("U000LOCAL").help("Slack user id the flag is evaluated for");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        if (namespace.getString("file") == null) {
            // "ask config.yml" alone: argparse gives the one word to the message, so it would be asked as a question.
            throw new UsageException("ask needs the configuration file and the message: "
                    + "ask config.yml \"what did Acme say about pricing?\"");
        }
        super.run(bootstrap, namespace);
    }

    @Override
    protected void run(Bootstrap<PitCrewConfiguration> bootstrap, Namespace namespace,
                       PitCrewConfiguration configuration) throws Exception {
        CommandOutput.keepConsoleForResults();
        String message = namespace.getString("message");
        if (message == null || message.isBlank()) {
            throw new UsageException("ask: the message is empty");
        }
        try (LocalCore local = LocalCore.open(configuration, new MetricRegistry(), Clock.systemUTC())) {
            Inquiry inquiry = new Inquiry(message, namespace.getString("user"), Optional.empty(), Optional.empty());
            print(local.core().pipeline().handle(inquiry, CorrelationId.generate()));
        }
    }

    private void print(PipelineOutcome outcome) throws Exception {
        out.println(outcome.reply().text());
        for (ReplyItem item : outcome.reply().items()) {
            out.println("  • " + item.title() + (item.detail().isBlank() ? "" : " — " + item.detail())
                    + item.link().map(link -> " <" + link + ">").orElse(""));
        }
        out.println();
        out.println("summary: " + new ObjectMapper().writeValueAsString(outcome.summary()));
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
