package com.pitcrew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.support.TestApps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync-airtable config.yml} in a child JVM, as an operator runs it; no Airtable settings: the sample. */
class SyncAirtableCommandTest {

    @TempDir
    Path workDir;

    private String syncOnce() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                PitCrewApplication.class.getName(), "sync-airtable", TestApps.configPath()))
                .directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        builder.environment().put("DATABASE_URL", "jdbc:h2:file:" + workDir.resolve("db"));
        builder.environment().put("LOG_DIR", workDir.resolve("logs").toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("command ends by itself").isTrue();
        assertThat(process.exitValue()).as(Files.readString(workDir.resolve("stderr.txt"))).isZero();
        return Files.readString(workDir.resolve("stdout.txt"), StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("sync-airtable:")).findFirst().orElse("(no summary line)");
    }

    @Test
    void syncsTheSampleBaseAndASecondRunChangesNothing() throws Exception {
        assertThat(syncOnce()).startsWith("sync-airtable: synced from the sample base shipped in the jar: "
                        + "Plans 3, Features 6, Integrations 9, Compliance 5, FAQs 8, inserted 31, updated 0, deleted 0")
                .contains("snapshot v1 (new)");
        assertThat(syncOnce()).contains("inserted 0, updated 0, deleted 0, unchanged 31; snapshot v1 (unchanged)");
    }
}
