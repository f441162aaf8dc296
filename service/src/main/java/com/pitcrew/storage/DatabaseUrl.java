package com.pitcrew.storage;

import com.pitcrew.InvalidSettingException;
import io.dropwizard.util.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A validated JDBC URL for one of the two databases PitCrew supports: embedded H2 (MySQL mode) and MySQL/MariaDB
 * through mysql-connector-j.
 */
public record DatabaseUrl(String jdbcUrl, String driverClass, Kind kind) {

    public enum Kind { H2, MYSQL }

    private static final String H2_MYSQL_MODE = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";

    /** Parses a DATABASE_URL value; the exception message names the setting and what was expected. */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidSettingException("DATABASE_URL", "is empty; expected jdbc:h2:... or jdbc:mysql://host:port/db");
        }
        String trimmed = url.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            String withMode = lower.contains(";mode=") ? trimmed : trimmed + H2_MYSQL_MODE;
            // A file database may be opened by the server and by a command (ask, db migrate) at the same time.
            if (lower.startsWith("jdbc:h2:file:") && !lower.contains(";auto_server=")) {
                withMode = withMode + ";AUTO_SERVER=TRUE";
            }
            return new DatabaseUrl(withMode, "org.h2.Driver", Kind.H2);
        }
        if (lower.startsWith("jdbc:mysql://") || lower.startsWith("jdbc:mariadb://")) {
            String asMysql = lower.startsWith("jdbc:mariadb://")
                    ? "jdbc:mysql://" + trimmed.substring("jdbc:mariadb://".length())
                    : trimmed;
            if (asMysql.length() <= "jdbc:mysql://".length()) {
                throw new InvalidSettingException("DATABASE_URL", "has no host: " + redact(trimmed));
            }
            return new DatabaseUrl(asMysql, "com.mysql.cj.jdbc.Driver", Kind.MYSQL);
        }
        throw new InvalidSettingException("DATABASE_URL",
                "is not supported: '" + redact(trimmed) + "'; expected jdbc:h2:... or jdbc:mysql://host:port/db");
    }

    /** Driver properties that make a dead server fail fast instead of hanging start-up. */
    Map<String, String> connectionProperties(Duration connectTimeout) {
        if (kind == Kind.MYSQL) {
            String millis = Long.toString(connectTimeout.toMilliseconds());
            return Map.of("connectTimeout", millis, "socketTimeout", "30000");
        }
        return Map.of();
    }

    /** The URL without any password written into it, fit for messages and logs. */
    public String redacted() {
        return redact(jdbcUrl);
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }
}
