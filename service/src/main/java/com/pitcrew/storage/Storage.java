package com.pitcrew.storage;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.config.InvalidSettingException;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import java.sql.Connection;
import java.sql.Driver;
import java.util.Properties;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the database: checks that it answers, then applies the migrations shipped in the jar. */
public final class Storage {

    /** Where the build copies the top-level {@code migrations/} folder inside the jar. */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
    /** H2's DATABASE_ALREADY_OPEN_1: the file's lock is held by another process. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private Storage() {
    }

    /** Builds the pool and proves it can connect, or fails naming DATABASE_URL. The caller owns the pool. */
    public static ManagedDataSource openDataSource(DataSourceFactory factory, MetricRegistry metrics) {
        verifyConnection(factory);
        return factory.build(metrics, "database");
    }

    /** One direct connection before the pool exists, so a wrong URL is one clear line, not the pool's stack traces. */
    static void verifyConnection(DataSourceFactory factory) {
        String url = factory.getUrl();
        Properties properties = new Properties();
        properties.putAll(factory.getProperties());
        if (factory.getUser() != null) {
            properties.setProperty("user", factory.getUser());
        }
        if (factory.getPassword() != null) {
            properties.setProperty("password", factory.getPassword());
        }
        try (Connection connection = driver(factory.getDriverClass()).connect(url, properties)) {
            if (connection == null) {
                throw new InvalidSettingException("DATABASE_URL", "is not accepted by the driver: "
                        + DatabaseUrl.redact(url));
            }
            if (!connection.isValid(5)) {
                throw new InvalidSettingException("DATABASE_URL", "points at a database that does not answer: "
                        + DatabaseUrl.redact(url));
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                // The embedded file is locked by one process at a time (no AUTO_SERVER: it would listen on the
                // network), so a command run beside the server lands here.
                throw new InvalidSettingException("DATABASE_URL", "is an embedded H2 file another process has open "
                        + "(a running server?): stop it first, or use MySQL to share the database: "
                        + DatabaseUrl.redact(url));
            }
            throw new InvalidSettingException("DATABASE_URL", "cannot connect to " + DatabaseUrl.redact(url)
                    + ": " + rootMessage(e));
        }
    }

    private static Driver driver(String driverClass) {
        try {
            return Class.forName(driverClass).asSubclass(Driver.class).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JDBC driver " + driverClass + " is not on the class path", e);
        }
    }

    /** Applies pending migrations and returns how many ran. */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS_LOCATION)
                .failOnMissingLocations(true)
                // V7 (account directory) was added after V8 had shipped: a database already at V8 must still get
                // V7 rather than fail validation, so versions below the current one are applied when missing.
                .outOfOrder(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Database schema migrated to version {} ({} migrations applied)", result.targetSchemaVersion,
                    result.migrationsExecuted);
        } else {
            LOG.info("Database schema is up to date");
        }
        return result.migrationsExecuted;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
