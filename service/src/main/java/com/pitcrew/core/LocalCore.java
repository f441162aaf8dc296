package com.pitcrew.core;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.storage.Database;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core outside the server, for {@code ask} and the bench: the database opened (and migrated when configured),
 * the components assembled as the server assembles them and started in order. {@link #close} stops them in
 * reverse order, as Dropwizard does, and closes the database last. Open and close it from one thread; the core
 * it holds is as thread-safe as the server's.
 */
public final class LocalCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCore.class);

    private final PitCrewCore core;
    private final Database database;

    private LocalCore(PitCrewCore core, Database database) {
        this.core = core;
        this.database = database;
    }

    public static LocalCore open(PitCrewConfiguration configuration, MetricRegistry metrics, Clock clock) {
        Database database = Database.open(configuration.getDatabase(), metrics);
        try {
            PitCrewCore core = PitCrewCore.assemble(configuration, metrics, database.jdbi(), clock);
            startAll(core.lifecycle());
            return new LocalCore(core, database);
        } catch (RuntimeException e) {
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
            stopAll(core.lifecycle());
        } finally {
            database.close();
        }
    }

    /** Starts each in order; when one fails, those already started are stopped (in reverse) before it is thrown. */
    static void startAll(List<Managed> lifecycle) {
        List<Managed> started = new ArrayList<>();
        for (Managed managed : lifecycle) {
            try {
                managed.start();
            } catch (Exception e) {
                IllegalStateException failure = new IllegalStateException("could not start " + managed, e);
                try {
                    stopAll(started);
                } catch (RuntimeException stopFailure) {
                    failure.addSuppressed(stopFailure);
                }
                throw failure;
            }
            started.add(managed);
        }
    }

    /** Stops each in reverse order; one that fails does not keep the others running. The first failure is thrown. */
    static void stopAll(List<Managed> lifecycle) {
        IllegalStateException failure = null;
        boolean interrupted = false;
        for (int i = lifecycle.size() - 1; i >= 0; i--) {
            Managed managed = lifecycle.get(i);
            try {
                managed.stop();
            } catch (Exception e) {
                interrupted |= e instanceof InterruptedException;
                LOG.warn("Could not stop {}", managed, e);
                if (failure == null) {
                    failure = new IllegalStateException("could not stop " + managed, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // after the loop, so the later stops still wait for their threads
        }
        if (failure != null) {
            throw failure;
        }
    }
}
