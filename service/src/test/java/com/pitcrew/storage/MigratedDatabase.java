package com.pitcrew.storage;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import org.jdbi.v3.core.Jdbi;

/** A fresh test database (see {@link TestDatabase}) with the migrations applied and a pool open; close drops it. */
public final class MigratedDatabase implements AutoCloseable {

    private final TestDatabase database;
    private final ManagedDataSource dataSource;
    private final Jdbi jdbi;

    private MigratedDatabase(TestDatabase database) {
        this.database = database;
        this.dataSource = Storage.openDataSource(database.dataSourceFactory(), new MetricRegistry());
        Storage.migrate(dataSource);
        this.jdbi = Jdbi.create(dataSource);
    }

    public static MigratedDatabase create(String kind) {
        return new MigratedDatabase(TestDatabase.create(kind));
    }

    public static MigratedDatabase h2() {
        return new MigratedDatabase(TestDatabase.h2());
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public ManagedDataSource dataSource() {
        return dataSource;
    }

    public TestDatabase database() {
        return database;
    }

    @Override
    public void close() throws Exception {
        try {
            dataSource.stop();
        } finally {
            database.close();
        }
    }
}
