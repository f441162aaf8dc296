package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.PitCrewConfiguration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code delete-meeting config.yml ID}: erases a call (a customer's right to erasure) from storage; every running
 * instance drops it from search on its next refresh, within seconds.
 */
public final class DeleteMeetingCommand extends ConfiguredCommand<PitCrewConfiguration> {

    private final PrintStream out;

    public DeleteMeetingCommand() {
        this(System.out);
    }

    DeleteMeetingCommand(PrintStream out) {
        super("delete-meeting", "Delete a call and its transcript from storage and search");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("id").help("the call's id, as import-meetings printed it");
    }

    @Override
    protected void run(Bootstrap<PitCrewConfiguration> bootstrap, Namespace namespace,
                       PitCrewConfiguration configuration) throws Exception {
        CommandOutput.keepConsoleForResults();
        String id = namespace.getString("id");
        MetricRegistry metrics = new MetricRegistry();
        Clock clock = Clock.systemUTC();
        try (CommandMeetings opened = CommandMeetings.open(configuration, metrics, clock)) {
            if (!opened.meetings().delete(id)) {
                throw new UsageException("delete-meeting: no call with id '" + id + "'");
            }
            out.println("delete-meeting: deleted " + id + " and its transcript; running instances drop it from "
                    + "search within " + configuration.getMeetings().refreshInterval().toSeconds() + " s");
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
