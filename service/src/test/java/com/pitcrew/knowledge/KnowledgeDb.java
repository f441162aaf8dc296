package com.pitcrew.knowledge;

import com.pitcrew.storage.MigratedDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/** A migrated test database (H2 or MySQL/MariaDB) with a Jdbi that counts the statements it runs. */
final class KnowledgeDb implements AutoCloseable {

    private final MigratedDatabase database;
    private final Jdbi jdbi;
    private final AtomicInteger statements = new AtomicInteger();

    KnowledgeDb(String kind) {
        this.database = MigratedDatabase.create(kind);
        this.jdbi = database.jdbi();
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
        database.close();
    }
}
