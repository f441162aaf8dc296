package com.pitcrew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Your own calls" steps, run exactly as written (on a fresh database instead of ./data): import the
 * example VTT folder, then ask about pricing and about the new account's onboarding, and get those calls back.
 */
class ReadmeImportStepsTest {

    private static final String JAR = "java -jar service/target/pitcrew.jar ";
    private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    @TempDir
    Path dir;

    private final TestDatabase database = TestDatabase.h2();

    @AfterEach
    void tearDown() {
        database.close();
    }

    /** The pitcrew.jar commands of the first bash block under "## Your own calls", in order. */
    private static List<String> readmeSteps() throws Exception {
        List<String> steps = new ArrayList<>();
        boolean inSection = false;
        boolean inBash = false;
        for (String line : Files.readAllLines(TestApps.repoRoot().resolve("README.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Your own calls");
            } else if (inSection && line.startsWith("```")) {
                if (inBash) {
                    break; // the steps are the section's first block
                }
                inBash = line.startsWith("```bash");
            } else if (inSection && inBash && line.startsWith(JAR)) {
                steps.add(line.substring(JAR.length()).replaceFirst("\\s+#.*$", ""));
            }
        }
        return steps;
    }

    private List<String> arguments(String step, Path config) {
        List<String> arguments = new ArrayList<>();
        Matcher matcher = WORD.matcher(step);
        while (matcher.find()) {
            String word = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            Path inRepo = TestApps.repoRoot().resolve(word);
            arguments.add(word.equals("config.yml") ? config.toString()
                    : matcher.group(1) == null && Files.exists(inRepo) ? inRepo.toString() : word);
        }
        return arguments;
    }

    @Test
    void aNewcomerImportsTheExampleCallsAndFindsThemWithAsk() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "database:",
                "  url: \"" + database.url() + "\"",
                "unleash:",
                "  bootstrapFile: " + TestApps.repoRoot().resolve("unleash/bootstrap.json"),
                "  backupFile: " + dir.resolve("unleash-backup.json"),
                "logging:",
                "  level: WARN",
                "  appenders: []",
                ""));
        List<String> steps = readmeSteps();
        assertThat(steps).hasSize(3);
        List<String> outputs = new ArrayList<>();
        for (String step : steps) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            Bootstrap<PitCrewConfiguration> bootstrap = new Bootstrap<>(new PitCrewApplication());
            bootstrap.addCommand(new ImportMeetingsCommand(print));
            bootstrap.addCommand(new AskCommand(print));
            Cli cli = new Cli(new JarLocation(getClass()), bootstrap, print,
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(cli.run(arguments(step, config).toArray(String[]::new))).as(step + "\n" + err).isEmpty();
            outputs.add(out.toString(StandardCharsets.UTF_8));
        }

        assertThat(outputs.get(0)).contains("-> example-piedpiper-onboarding (Pied Piper, 4 turns, new)")
                .contains("-> example-piedpiper-pricing (Pied Piper, 5 turns, new)")
                .contains("import-meetings: 2 imported (0 replaced), 0 failed, of 2 files");
        assertThat(outputs.get(1)).contains("• Pied Piper — Pricing for the compression rollout")
                .contains("\"intent\":\"search_calls\"");
        assertThat(outputs.get(2)).contains("Pied Piper — Onboarding plan").contains("onboarding package")
                .contains("\"intent\":\"meeting_question\"");
    }
}
