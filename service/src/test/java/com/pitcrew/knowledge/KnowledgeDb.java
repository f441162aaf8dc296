package com.pitcrew.knowledge;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.storage.Storage;
import com.pitcrew.storage.TestDatabase;
import io.dropwizard.db.ManagedDataSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/** A migrated test database (H2 or MySQL/MariaDB) with a Jdbi that counts the statements it runs. */
final class KnowledgeDb implements AutoCloseable {

    private final TestDatabase database;
    private final ManagedDataSource dataSource;
    private final Jdbi jdbi;
    private final AtomicInteger statements = new AtomicInteger();

    KnowledgeDb(String kind) {
        this.database = TestDatabase.create(kind);
        this.dataSource = Storage.openDataSource(database.dataSourceFactory(), new MetricRegistry());
        Storage.migrate(dataSource);
        this.jdbi = Jdbi.create(dataSource);
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.incrementAndGet();
            }
        });
    }

    Jdbi jdbi() {
        return jdbi;
    }

    KnowledgeStore store() {
        return new KnowledgeStore(jdbi);
    }

    /** Statements executed on this database so far (queries and updates). */
    int statements() {
        return statements.get();
    }

    int count(String table) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
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
