package com.pitcrew.storage;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The database as the commands and the bench open it: the pool (its connection proven first), migrated when the
 * configuration says so, closed once. The server lets Dropwizard manage its pool instead. Thread-safe.
 */
public final class Database implements AutoCloseable {

    private final ManagedDataSource dataSource;
    private final Jdbi jdbi;

    private Database(ManagedDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Connects, then applies the migrations when {@code database.migrateOnStart} is on, as the server does. */
    public static Database open(StorageConfiguration configuration, MetricRegistry metrics) {
        Database database = connect(configuration, metrics);
        try {
            if (configuration.isMigrateOnStart()) {
                database.migrate();
            }
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Connects without migrating, or fails naming DATABASE_URL. */
    public static Database connect(StorageConfiguration configuration, MetricRegistry metrics) {
        return new Database(Storage.openDataSource(configuration.toDataSourceFactory(), metrics));
    }

    /** Applies pending migrations and returns how many ran. */
    public int migrate() {
        return Storage.migrate(dataSource);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Closes the pool; on embedded H2 (DB_CLOSE_ON_EXIT=FALSE) that closes the database file too. */
    @Override
    public void close() {
        try {
            dataSource.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not close the database pool", e);
        }
    }
}
