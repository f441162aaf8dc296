package com.pitcrew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.support.TestApps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real main() in a child JVM, as an operator would, and reads what it prints. */
class StartupFailureTest {

    @TempDir
    Path workDir;

    private record Outcome(int exitCode, String stderr) {
    }

    private Outcome start(Map<String, String> environment) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                PitCrewApplication.class.getName(), "server", TestApps.configPath()))
                .directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PORT", "0");
        builder.environment().put("ADMIN_PORT", "0");
        builder.environment().put("LOG_DIR", workDir.resolve("logs").toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process ends by itself").isTrue();
        return new Outcome(process.exitValue(), Files.readString(workDir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void unsupportedDatabaseUrlFailsWithOneClearLine() throws Exception {
        Outcome outcome = start(Map.of("DATABASE_URL", "postgresql://nowhere/db"));
        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.stderr().strip())
                .isEqualTo("pitcrew: cannot start: DATABASE_URL is not supported: 'postgresql://nowhere/db'; "
                        + "expected jdbc:h2:... or jdbc:mysql://host:port/db");
    }

    @Test
    void unreachableDatabaseNamesTheSettingWithoutAStackTrace() throws Exception {
        Outcome outcome = start(Map.of("DATABASE_URL", "jdbc:mysql://127.0.0.1:1/pitcrew",
                "DATABASE_USER", "pitcrew", "DATABASE_PASSWORD", "hunter2-secret"));
        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.stderr()).contains("pitcrew: cannot start: DATABASE_URL cannot connect to "
                + "jdbc:mysql://127.0.0.1:1/pitcrew");
        assertThat(outcome.stderr()).doesNotContain("\tat ").doesNotContain("hunter2-secret");
        String logs = Files.readString(workDir.resolve("logs").resolve("slack.log"));
        assertThat(logs).doesNotContain("\\tat ").doesNotContain("hunter2-secret");
    }

    @Test
    void anOpenAiBaseUrlWithoutV1StopsStartUp() throws Exception {
        Outcome outcome = start(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:1", "OPENAI_API_KEY", "sk-test-secret"));
        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.stderr().strip()).isEqualTo("pitcrew: cannot start: OPENAI_BASE_URL must end in /v1 (the "
                + "client appends chat/completions), e.g. https://api.openai.com/v1: http://127.0.0.1:1");
    }

    @Test
    void aDatabaseUserThatContradictsTheUrlStopsStartUp() throws Exception {
        Outcome outcome = start(Map.of("DATABASE_URL", "jdbc:mysql://app@127.0.0.1:1/pitcrew",
                "DATABASE_USER", "sa"));
        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.stderr().strip()).isEqualTo("pitcrew: cannot start: DATABASE_USER is 'sa' but "
                + "DATABASE_URL names user 'app'; set one of them");
    }

    @Test
    void anInvalidSettingIsNamed() throws Exception {
        Outcome outcome = start(Map.of("DATABASE_MIGRATE_ON_START", "perhaps"));
        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.stderr()).contains("pitcrew: cannot start").contains("migrateOnStart");
        assertThat(outcome.stderr()).doesNotContain("\tat ");
    }
}
