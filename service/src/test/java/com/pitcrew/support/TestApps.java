package com.pitcrew.support;

import com.pitcrew.storage.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts the real application from the repository's own config.yml, on random ports and a test database. */
public final class TestApps {

    private TestApps() {
    }

    public static Path repoRoot() {
        return Paths.get(System.getProperty("pitcrew.repoRoot", "..")).toAbsolutePath().normalize();
    }

    public static String configPath() {
        return repoRoot().resolve("config.yml").toString();
    }

    /** The flag definitions the repository ships (the skip flag on for everyone). */
    public static Path shippedBootstrap() {
        return repoRoot().resolve("unleash/bootstrap.json");
    }

    /** Overrides every test app needs, plus the caller's, with the shipped Unleash bootstrap. */
    public static ConfigOverride[] overrides(TestDatabase database, Path logDir, ConfigOverride... extra) {
        return overrides(database, logDir, shippedBootstrap(), extra);
    }

    /**
     * The same with another Unleash bootstrap. A key must not be overridden twice: Dropwizard restores the first
     * value when the second is removed, which leaks into the next application of the run.
     */
    public static ConfigOverride[] overrides(TestDatabase database, Path logDir, Path unleashBootstrap,
                                             ConfigOverride... extra) {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("database.url", database.url()),
                ConfigOverride.config("database.user", database.user()),
                ConfigOverride.config("database.password", database.password()),
                ConfigOverride.config("unleash.bootstrapFile", unleashBootstrap.toString()),
                ConfigOverride.config("unleash.backupFile", logDir.resolve("unleash-backup.json").toString()),
                ConfigOverride.config("logging.appenders[1].currentLogFilename", logDir.resolve("slack.log").toString()),
                ConfigOverride.config("logging.appenders[1].archivedLogFilenamePattern",
                        logDir.resolve("slack-%d{yyyy-MM-dd}.log").toString())));
        all.addAll(Arrays.asList(extra));
        return all.toArray(ConfigOverride[]::new);
    }
}
