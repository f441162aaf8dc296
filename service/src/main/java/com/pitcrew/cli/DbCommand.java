package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.Storage;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
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
        ManagedDataSource dataSource = Storage.openDataSource(configuration.getDatabase().toDataSourceFactory(),
                new MetricRegistry());
        try {
            int applied = Storage.migrate(dataSource);
            System.out.println("db migrate: " + applied + " migration(s) applied");
        } finally {
            dataSource.stop();
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
