package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.execution.LocalLifecycle;
import com.pitcrew.knowledge.ProductKnowledge;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.storage.Database;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code sync-airtable config.yml}: one full sync of the product tables from Airtable (or, with no Airtable
 * settings, from the shipped sample base), then a snapshot rebuild, without starting the service.
 */
public final class SyncAirtableCommand extends ConfiguredCommand<PitCrewConfiguration> {

    public SyncAirtableCommand() {
        super("sync-airtable", "Full sync of the product tables from Airtable (or the sample base), then rebuild "
                + "the product snapshot");
    }

    @Override
    protected void run(Bootstrap<PitCrewConfiguration> bootstrap, Namespace namespace,
                       PitCrewConfiguration configuration) throws Exception {
        MetricRegistry metrics = new MetricRegistry();
        // The lifecycle closes first: a snapshot rebuild still running in the background finishes before the
        // database closes.
        try (Database database = Database.open(configuration.getDatabase(), metrics);
             LocalLifecycle lifecycle = new LocalLifecycle(metrics)) {
            ProductKnowledge knowledge = ProductKnowledge.create(configuration.getAirtable(), database.jdbi(),
                    bootstrap.getObjectMapper(), metrics, LlmClient.create(configuration.getLlm(), metrics),
                    lifecycle.threads());
            System.out.println("sync-airtable: " + knowledge.syncNow());
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
