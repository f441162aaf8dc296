package com.pitcrew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.support.ChildJvm;
import com.pitcrew.support.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ask} as an operator runs it: from another directory than the configuration's, and with a slip. */
class AskCommandTest {

    @TempDir
    Path root;

    /** A copy of the shipped configuration and flag file in their own directory, all settings at their defaults. */
    private Path installation() throws Exception {
        Path installed = Files.createDirectories(root.resolve("pitcrew"));
        Files.copy(TestApps.repoRoot().resolve("config.yml"), installed.resolve("config.yml"));
        Files.createDirectories(installed.resolve("unleash"));
        Files.copy(TestApps.shippedBootstrap(), installed.resolve("unleash/bootstrap.json"));
        return installed;
    }

    @Test
    void relativePathsResolveAgainstTheConfigurationFileNotTheWorkingDirectory() throws Exception {
        Path installed = installation();
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));

        ChildJvm.Outcome outcome = ChildJvm.run(elsewhere, Map.of(), "ask", installed.resolve("config.yml").toString(),
                "does the Growth plan include SSO?");

        assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
        assertThat(outcome.stdout()).contains("\"intent\":\"product_question\"");
        assertThat(installed.resolve("data/pitcrew.mv.db")).exists();
        assertThat(installed.resolve("logs/slack.log")).exists();
        try (var created = Files.list(elsewhere)) {
            assertThat(created.map(path -> path.getFileName().toString()))
                    .as("nothing but this test's own capture files in the working directory")
                    .allMatch(name -> name.startsWith("stdout") || name.startsWith("stderr"));
        }
    }

    @Test
    void aForgottenMessageIsAUsageErrorNotAQuestion() throws Exception {
        Path installed = installation();

        ChildJvm.Outcome outcome = ChildJvm.run(installed, Map.of(), "ask", "config.yml");

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.stderr().strip()).isEqualTo("pitcrew: ask needs the configuration file and the message: "
                + "ask config.yml \"what did Acme say about pricing?\"");
        assertThat(outcome.stdout()).doesNotContain("summary:");
        assertThat(installed.resolve("data")).as("nothing opened").doesNotExist();
    }
}
