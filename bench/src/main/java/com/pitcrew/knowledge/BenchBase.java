package com.pitcrew.knowledge;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pitcrew.storage.Database;
import com.pitcrew.storage.StorageConfiguration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * A product base of generated records in a fresh embedded H2 database (MySQL mode, migrated like production),
 * behind a Jdbi that counts every statement it runs.
 */
final class BenchBase implements AutoCloseable {

    private static final String[] PLANS = {"Starter", "Growth", "Enterprise"};

    private final Database database;
    private final Jdbi jdbi;
    private final AtomicLong statements = new AtomicLong();

    BenchBase(int records) {
        StorageConfiguration storage = new StorageConfiguration();
        storage.setUrl("jdbc:h2:mem:bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ";DB_CLOSE_DELAY=-1");
        database = Database.open(storage, new MetricRegistry());
        jdbi = database.jdbi();
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.incrementAndGet();
            }
        });
        new KnowledgeStore(jdbi).replaceTables(generate(records));
    }

    Jdbi jdbi() {
        return jdbi;
    }

    long statements() {
        return statements.get();
    }

    /** {@code count} records spread evenly over the five tables, with world.md-like text. */
    static Map<ProductTable, List<ProductRecord>> generate(int count) {
        Map<ProductTable, List<ProductRecord>> tables = new EnumMap<>(ProductTable.class);
        ProductTable[] all = ProductTable.values();
        for (ProductTable table : all) {
            tables.put(table, new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            ProductTable table = all[i % all.length];
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            String name = table.airtableName() + " item " + i;
            fields.put("Name", name).put("Question", "How does " + name + " work?")
                    .put("Description", "Generated description " + i + " covering dashboards, exports, SSO and "
                            + "data residency for benchmark purposes.")
                    .put("Summary", "Generated plan " + i).put("Price per seat (USD/month)", 10 + i % 90)
                    .put("Minimum seats", 1 + i % 50).put("Category", "Category " + i % 7)
                    .put("Direction", "bi-directional").put("Status", "available").put("Notes", "Notes " + i)
                    .put("Answer", "Generated answer " + i + " with enough words to look like a real FAQ answer.");
            fields.putArray("Plans").add(PLANS[i % 3]).add("Enterprise");
            fields.putArray("Tags").add("tag" + i % 11);
            table.fromAirtable(String.format("recBench%09d", i), "2026-01-01T00:00:00.000Z", fields)
                    .ifPresent(tables.get(table)::add);
        }
        return tables;
    }

    @Override
    public void close() {
        database.close();
    }
}
