package com.pitcrew;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.Runbooks;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the curl commands of the admin runbooks, as written, against a running application. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RunbookCommandsTest {

    private static final TestDatabase DATABASE = TestDatabase.h2();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(), TestApps.overrides(DATABASE, tempDir()));

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("pitcrew-runbook");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    private String run(String command) throws Exception {
        String local = command.replace("127.0.0.1:8081", "127.0.0.1:" + APP.getAdminPort());
        Process process = new ProcessBuilder("bash", "-c", local).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(command + "\n" + output).isZero();
        return output;
    }

    @Test
    void killSwitchRunbookWorksAsWritten() throws Exception {
        List<String> commands = Runbooks.curlCommands(TestApps.repoRoot().resolve("runbooks/kill-switch.md"));
        assertThat(commands).hasSize(3);
        String healthCommand = commands.get(0);

        assertThat(run(healthCommand)).contains("\"skip-kill-switch\":{\"healthy\":true");

        assertThat(run(commands.get(1))).contains("kill switch engaged");
        String engaged = run(healthCommand);
        assertThat(engaged).contains("\"skip-kill-switch\":{\"healthy\":false")
                .contains("engaged by oncall: wrong answers reported in sales-team");

        assertThat(run(commands.get(2))).contains("kill switch cleared");
        assertThat(run(healthCommand)).contains("\"skip-kill-switch\":{\"healthy\":true");
    }

    @Test
    void theKillSwitchTaskRefusesToActWithoutAReason() throws Exception {
        String output = run("curl -s -X POST 'http://127.0.0.1:8081/tasks/kill-switch?action=engage'");
        assertThat(output).startsWith("error: a reason is required");
        assertThat(run("curl -s http://127.0.0.1:8081/healthcheck")).contains("\"skip-kill-switch\":{\"healthy\":true");
    }
}
