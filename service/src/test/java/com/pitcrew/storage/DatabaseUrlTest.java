package com.pitcrew.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pitcrew.InvalidSettingException;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void h2GetsMysqlModeAdded() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:h2:file:./data/pitcrew");
        assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.H2);
        assertThat(url.jdbcUrl()).contains(";MODE=MySQL").contains(";AUTO_SERVER=TRUE");
        assertThat(DatabaseUrl.parse("jdbc:h2:mem:x").jdbcUrl()).doesNotContain("AUTO_SERVER");
        assertThat(url.driverClass()).isEqualTo("org.h2.Driver");
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
}
