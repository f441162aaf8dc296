package com.pitcrew.storage;

import com.pitcrew.config.InvalidSettingException;
import io.dropwizard.util.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated JDBC URL for one of the two databases PitCrew supports: embedded H2 (MySQL mode) and MySQL/MariaDB
 * through mysql-connector-j.
 */
public record DatabaseUrl(String jdbcUrl, String driverClass, Kind kind) {

    public enum Kind { H2, MYSQL }

    private static final Pattern USER_SETTING = Pattern.compile("(?i)[?&;]user=([^&;]*)");
    private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)[?&;]password=");
    private static final Pattern USER_INFO = Pattern.compile("^jdbc:mysql://([^/@?]*)@");
    /** {@code jdbc:h2:[file:]path[;settings]}: an embedded file database (not mem:, tcp:, ssl:, zip: ...). */
    private static final Pattern H2_FILE = Pattern.compile("(?i)(jdbc:h2:(?:file:)?)"
            + "(?!mem:|tcp:|ssl:|zip:|nio\\w*:|split:)([^;]+)(;.*)?");
    private static final String H2_MYSQL_MODE = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";

    /** Parses a DATABASE_URL value; the exception message names the setting and what was expected. */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidSettingException("DATABASE_URL", "is empty; expected jdbc:h2:... or jdbc:mysql://host:port/db");
        }
        String trimmed = url.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            String embedded = lower.contains(";mode=") ? trimmed : trimmed + H2_MYSQL_MODE;
            if (isEmbedded(lower)) {
                // H2's own JVM shutdown hook would close the database while our workers still use it (SIGTERM
                // under load logged "Database is already closed"); the pool, stopped last by the service's
                // lifecycle, closes it instead.
                embedded = withDefault(embedded, lower, "DB_CLOSE_ON_EXIT", "FALSE");
                if (!lower.startsWith("jdbc:h2:mem:")) {
                    // By default MVStore writes commits out in the background up to 500 ms later, so a killed
                    // process lost events it had acknowledged. With 0 the commit writes its chunk to the file
                    // before it returns (no fsync: a killed process loses nothing, a power cut may).
                    embedded = withDefault(embedded, lower, "WRITE_DELAY", "0");
                }
            }
            return new DatabaseUrl(embedded, "org.h2.Driver", Kind.H2);
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

    /**
     * An embedded H2 file URL with a relative path ({@code jdbc:h2:file:./data/pitcrew}) made absolute against
     * {@code directory}; every other URL unchanged.
     */
    public static String resolveAgainst(String url, java.nio.file.Path directory) {
        String trimmed = url.trim();
        Matcher file = H2_FILE.matcher(trimmed);
        if (!file.matches()) {
            return url;
        }
        String path = file.group(2);
        if (path.startsWith("~") || java.nio.file.Path.of(path).isAbsolute()) {
            return url;
        }
        return file.group(1) + directory.resolve(path).normalize() + (file.group(3) == null ? "" : file.group(3));
    }

    /**
     * True for an in-process H2 database: its file lock lets one process in at a time, so whatever a previous
     * process still held when it died is nobody's now.
     */
    public boolean exclusive() {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        // A memory database lives in one JVM, which could hold two applications (tests do): not exclusive.
        return kind == Kind.H2 && isEmbedded(lower) && !lower.startsWith("jdbc:h2:mem:");
    }

    /**
     * In-process H2 (a file or memory database), as opposed to a client of an H2 server. AUTO_SERVER is never
     * added: it opens a TCP port on every interface, so sharing the file with a running server is off unless the
     * URL asks for it.
     */
    private static boolean isEmbedded(String lower) {
        return !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
    }

    /** Appends {@code ;KEY=value} unless the operator's URL already sets that key. */
    private static String withDefault(String url, String lower, String key, String value) {
        return lower.contains(";" + key.toLowerCase(Locale.ROOT) + "=") ? url : url + ";" + key + "=" + value;
    }

    /** The user the URL itself names ({@code mysql://user@host}, {@code ?user=}, H2's {@code ;USER=}), if any. */
    public Optional<String> user() {
        Matcher info = USER_INFO.matcher(jdbcUrl);
        if (info.find()) {
            String user = info.group(1).split(":", 2)[0];
            if (!user.isEmpty()) {
                return Optional.of(user);
            }
        }
        Matcher setting = USER_SETTING.matcher(jdbcUrl);
        return setting.find() && !setting.group(1).isEmpty() ? Optional.of(setting.group(1)) : Optional.empty();
    }

    /** Whether the URL carries a password of its own (then an empty DATABASE_PASSWORD must not replace it). */
    public boolean hasPassword() {
        Matcher info = USER_INFO.matcher(jdbcUrl);
        return (info.find() && info.group(1).contains(":")) || PASSWORD_SETTING.matcher(jdbcUrl).find();
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
