package com.pitcrew.storage;

import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A fresh, empty database for one test: embedded H2 always, and MySQL/MariaDB when {@code PITCREW_TEST_MYSQL_URL}
 * (+ {@code _USER}, {@code _PASSWORD}) points at a server. Each MySQL instance is its own schema, dropped on close.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String MYSQL_URL_ENV = "PITCREW_TEST_MYSQL_URL";

    private final String label;
    private final String url;
    private final String user;
    private final String password;
    private final Optional<String> schemaToDrop;
    private final String adminUrl;

    private TestDatabase(String label, String url, String user, String password, Optional<String> schemaToDrop,
                         String adminUrl) {
        this.label = label;
        this.url = url;
        this.user = user;
        this.password = password;
        this.schemaToDrop = schemaToDrop;
        this.adminUrl = adminUrl;
    }

    /** Every database kind available here: H2, plus MySQL when configured. */
    public static Stream<String> kinds() {
        List<String> kinds = new ArrayList<>(List.of("h2"));
        if (mysqlConfigured()) {
            kinds.add("mysql");
        }
        return kinds.stream();
    }

    public static boolean mysqlConfigured() {
        String url = System.getenv(MYSQL_URL_ENV);
        return url != null && !url.isBlank();
    }

    public static TestDatabase create(String kind) {
        return switch (kind) {
            case "h2" -> h2();
            case "mysql" -> mysql();
            default -> throw new IllegalArgumentException("unknown database kind " + kind);
        };
    }

    public static TestDatabase h2() {
        String name = "pitcrew_" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        return new TestDatabase("h2", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", Optional.empty(), null);
    }

    /** An embedded H2 file database under {@code directory}, as the service's default is: it survives a restart. */
    public static TestDatabase h2File(java.nio.file.Path directory) {
        return new TestDatabase("h2", "jdbc:h2:file:" + directory.resolve("pitcrew").toAbsolutePath(), "sa", "",
                Optional.empty(), null);
    }

    public static TestDatabase mysql() {
        String base = System.getenv(MYSQL_URL_ENV);
        String user = Optional.ofNullable(System.getenv(MYSQL_URL_ENV + "_USER")).orElse("root");
        String password = Optional.ofNullable(System.getenv(MYSQL_URL_ENV + "_PASSWORD")).orElse("");
        String schema = "pitcrew_t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        String serverUrl = serverUrl(base);
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on " + serverUrl + ": " + e.getMessage(), e);
        }
        return new TestDatabase("mysql", withSchema(serverUrl, schema), user, password, Optional.of(schema),
                serverUrl);
    }

    /** jdbc:mysql://host:port/anything?params → jdbc:mysql://host:port/ */
    private static String serverUrl(String url) {
        String normalised = url.replaceFirst("^jdbc:mariadb://", "jdbc:mysql://");
        int slash = normalised.indexOf('/', "jdbc:mysql://".length());
        return slash < 0 ? normalised + "/" : normalised.substring(0, slash + 1);
    }

    private static String withSchema(String serverUrl, String schema) {
        return serverUrl + schema + "?useSSL=false&allowPublicKeyRetrieval=true";
    }

    public String label() {
        return label;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public StorageConfiguration storageConfiguration() {
        StorageConfiguration configuration = new StorageConfiguration();
        configuration.setUrl(url);
        configuration.setUser(user);
        configuration.setPassword(password);
        return configuration;
    }

    public DataSourceFactory dataSourceFactory() {
        return storageConfiguration().toDataSourceFactory();
    }

    @Override
    public void close() {
        if (schemaToDrop.isEmpty()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + schemaToDrop.get());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schemaToDrop.get(), e);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
