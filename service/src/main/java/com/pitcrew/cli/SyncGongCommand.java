package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.gong.GongConnector;
import com.pitcrew.gong.GongException;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code sync-gong config.yml}: one incremental sync from Gong (from the stored mark, or {@code gong.initialLookback}
 * the first time), a line per call and page, then a summary. Exits non-zero, with one line saying what to fix,
 * when the credentials are missing or refused or Gong cannot be reached; a call without a transcript yet is not a
 * failure (the next sync asks for it again), a call that cannot be imported is.
 */
public final class SyncGongCommand extends ConfiguredCommand<PitCrewConfiguration> {

    private final PrintStream out;

    public SyncGongCommand() {
        this(System.out);
    }

    SyncGongCommand(PrintStream out) {
        super("sync-gong", "Import the calls recorded in Gong since the last sync (a re-synced call replaces itself)");
        this.out = out;
    }

    @Override
    protected void run(Bootstrap<PitCrewConfiguration> bootstrap, Namespace namespace,
                       PitCrewConfiguration configuration) throws Exception {
        CommandOutput.keepConsoleForResults();
        if (!configuration.getGong().configured()) {
            throw new UsageException("sync-gong: Gong is not configured: set GONG_ACCESS_KEY and "
                    + "GONG_ACCESS_KEY_SECRET (and GONG_BASE_URL for a server other than https://api.gong.io)");
        }
        MetricRegistry metrics = new MetricRegistry();
        Clock clock = Clock.systemUTC();
        try (CommandMeetings opened = CommandMeetings.open(configuration, metrics, clock)) {
            GongConnector gong = GongConnector.create(configuration.getGong(), opened.database().jdbi(),
                    opened.importer(), metrics, opened.lifecycle().threads(), clock);
            out.println("sync-gong: asking " + configuration.getGong().baseUri());
            String summary;
            try {
                summary = gong.syncNow(line -> out.println("  " + line));
            } catch (GongException e) {
                throw new UsageException("sync-gong: " + e.getMessage());
            }
            out.println("sync-gong: " + summary);
            long failed = metrics.counter("pitcrew.gong.calls.failed").getCount();
            if (failed > 0) {
                throw new UsageException("sync-gong: " + failed + " calls could not be imported (see the lines above)");
            }
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
