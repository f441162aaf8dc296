package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.Database;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code db migrate config.yml}: applies the schema migrations without starting the service. */
public final class DbCommand extends ConfiguredCommand<PitCrewConfiguration> {

    public DbCommand() {
        super("db", "Database maintenance: 'db migrate config.yml' applies pending schema migrations");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("action").choices("migrate").help("what to do: migrate");
        super.configure(subparser);
    }

    @Override
    protected void run(Bootstrap<PitCrewConfiguration> bootstrap, Namespace namespace,
                       PitCrewConfiguration configuration) throws Exception {
        try (Database database = Database.connect(configuration.getDatabase(), new MetricRegistry())) {
            System.out.println("db migrate: " + database.migrate() + " migration(s) applied");
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
