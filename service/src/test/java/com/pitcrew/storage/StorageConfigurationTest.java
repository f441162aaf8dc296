package com.pitcrew.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.config.InvalidSettingException;
import io.dropwizard.db.ManagedDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Who the service logs in as: DATABASE_USER, else the user DATABASE_URL names, else H2's own default. */
class StorageConfigurationTest {

    private static StorageConfiguration configured(String url, String user) {
        StorageConfiguration configuration = new StorageConfiguration();
        configuration.setUrl(url);
        configuration.setUser(user);
        return configuration;
    }

    @Test
    void anEmbeddedDatabaseWithoutAUserLogsInAsSa() {
        assertThat(configured("jdbc:h2:mem:x", "").toDataSourceFactory().getUser()).isEqualTo("sa");
    }

    @Test
    void theUserInTheUrlIsNotOverriddenByAnEmptySetting() {
        assertThat(configured("jdbc:mysql://app@db:3306/x", "").toDataSourceFactory().getUser()).isNull();
        assertThat(configured("jdbc:mysql://db:3306/x?useSSL=false&user=app", "").toDataSourceFactory().getUser())
                .isNull();
        assertThat(configured("jdbc:mysql://app:pw@db:3306/x", "").toDataSourceFactory().getPassword())
                .as("an empty DATABASE_PASSWORD leaves the URL's in force").isNull();
        assertThat(configured("jdbc:mysql://app@db:3306/x", "app").toDataSourceFactory().getUser()).isEqualTo("app");
    }

    @Test
    void aContradictionOrNoUserAtAllOnMysqlStopsStartUp() {
        assertThatThrownBy(() -> configured("jdbc:mysql://app@db:3306/x", "sa").toDataSourceFactory())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("DATABASE_USER is 'sa' but DATABASE_URL names user 'app'; set one of them");
        assertThatThrownBy(() -> configured("jdbc:mysql://db:3306/x", "").toDataSourceFactory())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("DATABASE_USER is empty and DATABASE_URL names no user");
    }

    @Test
    void aMysqlUrlWithItsOwnUserConnectsAsThatUser() throws Exception {
        assumeTrue(TestDatabase.mysqlConfigured(), "needs PITCREW_TEST_MYSQL_URL");
        try (TestDatabase database = TestDatabase.mysql()) {
            String url = database.url().replaceFirst("^jdbc:mysql://", "jdbc:mysql://" + database.user()
                    + (database.password().isEmpty() ? "" : ":" + database.password()) + "@");
            ManagedDataSource dataSource = Storage.openDataSource(configured(url, "").toDataSourceFactory(),
                    new MetricRegistry());
            try {
                String user = Jdbi.create(dataSource).withHandle(handle -> handle.createQuery("SELECT CURRENT_USER()")
                        .mapTo(String.class).one());
                assertThat(user).startsWith(database.user() + "@");
            } finally {
                dataSource.stop();
            }
        }
    }
}
