package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.PitCrewConfiguration;
import com.pitcrew.storage.Storage;
import io.dropwizard.db.ManagedDataSource;
import org.jdbi.v3.core.Jdbi;

/** A command's database: the pool opened from the configuration, migrated when configured, closed at the end. */
final class CommandDatabase implements AutoCloseable {

    private final ManagedDataSource dataSource;
    private final Jdbi jdbi;

    CommandDatabase(PitCrewConfiguration configuration, MetricRegistry metrics) {
        this.dataSource = Storage.openDataSource(configuration.getDatabase().toDataSourceFactory(), metrics);
        try {
            if (configuration.getDatabase().isMigrateOnStart()) {
                Storage.migrate(dataSource);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.jdbi = Jdbi.create(dataSource);
    }

    Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        try {
            dataSource.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the database pool", e);
        }
    }
}
