package com.pitcrew.core;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.LocalLifecycle;
import com.pitcrew.storage.Database;
import java.time.Clock;

/**
 * The core outside the server, for {@code ask} and the bench: the database opened (and migrated when configured),
 * the components assembled as the server assembles them, on a {@link LocalLifecycle} that starts them in order.
 * {@link #close} stops them and their pools in reverse order, as Dropwizard does, and closes the database last.
 * Open and close it from one thread; the core it holds is as thread-safe as the server's.
 */
public final class LocalCore implements AutoCloseable {

    private final PitCrewCore core;
    private final LocalLifecycle lifecycle;
    private final Database database;

    private LocalCore(PitCrewCore core, LocalLifecycle lifecycle, Database database) {
        this.core = core;
        this.lifecycle = lifecycle;
        this.database = database;
    }

    public static LocalCore open(PitCrewConfiguration configuration, MetricRegistry metrics, Clock clock) {
        Database database = Database.open(configuration.getDatabase(), metrics);
        LocalLifecycle lifecycle = new LocalLifecycle(metrics);
        try {
            PitCrewCore core = PitCrewCore.assemble(configuration, metrics, database.jdbi(), clock,
                    lifecycle.environment());
            lifecycle.start();
            return new LocalCore(core, lifecycle, database);
        } catch (RuntimeException e) {
            try {
                lifecycle.close(); // the pools built before the failure
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            database.close();
            throw e;
        }
    }

    public PitCrewCore core() {
        return core;
    }

    @Override
    public void close() {
        try {
            lifecycle.close();
        } finally {
            database.close();
        }
    }
}
