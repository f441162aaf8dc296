package com.pitcrew.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MigrationsTest {

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migrationsApplyOnceAndCreateTheInbox(String kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind)) {
            ManagedDataSource dataSource = Storage.openDataSource(database.dataSourceFactory(), new MetricRegistry());
            try {
                assertThat(Storage.migrate(dataSource)).isPositive();
                assertThat(Storage.migrate(dataSource)).as("second run finds nothing to do").isZero();

                Jdbi jdbi = Jdbi.create(dataSource);
                String insert = "INSERT INTO slack_inbox (event_id, correlation_id, event_type, payload, status, "
                        + "attempts, next_attempt_at, received_at, updated_at) "
                        + "VALUES ('Ev1', 'abcdef12', 'app_mention', '{}', 'pending', 0, 0, 1, 1)";
                jdbi.useHandle(handle -> handle.execute(insert));
                assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute(insert)))
                        .as("event_id is unique: a retried event cannot be stored twice")
                        .hasMessageContaining("Ev1");
                int count = jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM slack_inbox")
                        .mapTo(Integer.class).one());
                assertThat(count).isEqualTo(1);
            } finally {
                dataSource.stop();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseAlreadyAtV8WithoutV7GetsTheAccountDirectory(String kind, @TempDir Path older) throws Exception {
        Path shipped = Path.of(Storage.class.getResource("/db/migration").toURI());
        long newerThanV8;
        try (Stream<Path> files = Files.list(shipped)) {
            newerThanV8 = files.filter(file -> version(file) > 8).count();
        }
        try (Stream<Path> files = Files.list(shipped)) {
            // The release before V7 shipped up to V8: later migrations are not part of that picture.
            for (Path file : files.filter(file -> version(file) <= 8 && version(file) != 7).toList()) {
                Files.copy(file, older.resolve(file.getFileName()));
            }
        }
        try (TestDatabase database = TestDatabase.create(kind)) {
            ManagedDataSource dataSource = Storage.openDataSource(database.dataSourceFactory(), new MetricRegistry());
            try {
                Flyway before = Flyway.configure().dataSource(dataSource).locations("filesystem:" + older).load();
                before.migrate();
                assertThat(before.info().current().getVersion().getVersion())
                        .as("the database a release before V7 left").isEqualTo("8");

                assertThat(Storage.migrate(dataSource)).as("V7, then the migrations after V8")
                        .isEqualTo(1 + newerThanV8);
                Jdbi jdbi = Jdbi.create(dataSource);
                int accounts = jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM directory_accounts")
                        .mapTo(Integer.class).one());
                assertThat(accounts).isZero();
            } finally {
                dataSource.stop();
            }
        }
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}
