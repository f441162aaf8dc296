package com.pitcrew.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pitcrew.config.InvalidSettingException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseUrlTest {

    @Test
    void h2GetsMysqlModeAdded() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:h2:file:./data/pitcrew");
        assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.H2);
        assertThat(url.jdbcUrl()).contains(";MODE=MySQL");
        assertThat(url.driverClass()).isEqualTo("org.h2.Driver");
    }

    @Test
    void anEmbeddedFileDatabaseWritesEachCommitBeforeReturningAndListensOnNoPort() {
        String url = DatabaseUrl.parse("jdbc:h2:file:./data/pitcrew").jdbcUrl();
        assertThat(url).contains(";WRITE_DELAY=0").contains(";DB_CLOSE_ON_EXIT=FALSE")
                .doesNotContainIgnoringCase("AUTO_SERVER");
        assertThat(DatabaseUrl.parse("jdbc:h2:./data/pitcrew").jdbcUrl()).contains(";WRITE_DELAY=0");
        assertThat(DatabaseUrl.parse("jdbc:h2:mem:x").jdbcUrl()).contains(";DB_CLOSE_ON_EXIT=FALSE")
                .doesNotContain("WRITE_DELAY").doesNotContainIgnoringCase("AUTO_SERVER");
        assertThat(DatabaseUrl.parse("jdbc:h2:tcp://db/pitcrew").jdbcUrl()).doesNotContain("DB_CLOSE_ON_EXIT");
    }

    @Test
    void theOperatorsOwnH2SettingsWin() {
        String url = DatabaseUrl.parse("jdbc:h2:file:./x;write_delay=100;AUTO_SERVER=TRUE").jdbcUrl();
        assertThat(url).doesNotContain("WRITE_DELAY=0").contains("AUTO_SERVER=TRUE");
    }

    @Test
    void theSettingsReachTheOpenedDatabase(@TempDir Path dir) throws Exception {
        String url = DatabaseUrl.parse("jdbc:h2:file:" + dir.resolve("db")).jdbcUrl();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             ResultSet settings = connection.createStatement().executeQuery("SELECT SETTING_NAME, SETTING_VALUE "
                     + "FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN ('WRITE_DELAY', 'DB_CLOSE_ON_EXIT')")) {
            Map<String, String> values = new HashMap<>();
            while (settings.next()) {
                values.put(settings.getString(1), settings.getString(2));
            }
            assertThat(values).containsEntry("WRITE_DELAY", "0");
        }
    }

    @Test
    void mariadbSchemeIsServedByTheMysqlDriver() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:mariadb://db:3306/pitcrew");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:mysql://db:3306/pitcrew");
        assertThat(url.driverClass()).isEqualTo("com.mysql.cj.jdbc.Driver");
    }

    @Test
    void unsupportedUrlNamesTheSetting() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://x"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("DATABASE_URL is not supported");
    }

    @Test
    void passwordsInUrlsAreRedacted() {
        assertThat(DatabaseUrl.redact("jdbc:mysql://db/p?user=a&password=s3cret"))
                .doesNotContain("s3cret");
        assertThat(DatabaseUrl.redact("jdbc:mysql://bob:s3cret@db/p")).doesNotContain("s3cret");
    }

    @Test
    void onlyRelativeEmbeddedFilePathsResolveAgainstTheConfigurationDirectory() {
        Path dir = Path.of("/opt/pitcrew");
        assertThat(DatabaseUrl.resolveAgainst("jdbc:h2:file:./data/pitcrew", dir))
                .isEqualTo("jdbc:h2:file:/opt/pitcrew/data/pitcrew");
        assertThat(DatabaseUrl.resolveAgainst("jdbc:h2:./data/pitcrew;WRITE_DELAY=0", dir))
                .isEqualTo("jdbc:h2:/opt/pitcrew/data/pitcrew;WRITE_DELAY=0");
        assertThat(DatabaseUrl.resolveAgainst("jdbc:h2:file:/var/lib/pitcrew/db", dir))
                .isEqualTo("jdbc:h2:file:/var/lib/pitcrew/db");
        assertThat(DatabaseUrl.resolveAgainst("jdbc:h2:~/pitcrew", dir)).isEqualTo("jdbc:h2:~/pitcrew");
        assertThat(DatabaseUrl.resolveAgainst("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1", dir))
                .isEqualTo("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1");
        assertThat(DatabaseUrl.resolveAgainst("jdbc:h2:tcp://db/./x", dir)).isEqualTo("jdbc:h2:tcp://db/./x");
        assertThat(DatabaseUrl.resolveAgainst("jdbc:mysql://db:3306/x", dir)).isEqualTo("jdbc:mysql://db:3306/x");
    }
}
