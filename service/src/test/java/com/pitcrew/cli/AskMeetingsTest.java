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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ask} command end to end on a fresh database, no LLM: it seeds the sample calls, classifies, searches
 * and prints, exactly as the server would answer in Slack.
 */
class AskMeetingsTest {

    @TempDir
    Path dir;

    private final TestDatabase database = TestDatabase.h2();
    private final ByteArrayOutputStream commandOut = new ByteArrayOutputStream();
    private Cli cli;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        config = Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "database:",
                "  url: \"" + database.url() + "\"",
                "unleash:",
                "  bootstrapFile: " + TestApps.repoRoot().resolve("unleash/bootstrap.json"),
                "  backupFile: " + dir.resolve("unleash-backup.json"),
                "logging:",
                "  level: WARN",
                "  appenders: []",
                ""));
        Bootstrap<PitCrewConfiguration> bootstrap = new Bootstrap<>(new PitCrewApplication());
        bootstrap.addCommand(new AskCommand(new PrintStream(commandOut, true, StandardCharsets.UTF_8)));
        cli = new Cli(new JarLocation(getClass()), bootstrap, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private String ask(String message) throws Exception {
        commandOut.reset();
        assertThat(cli.run("ask", config.toString(), message)).isEmpty();
        return commandOut.toString(StandardCharsets.UTF_8);
    }

    @Test
    void searchingRecentCallsAboutPricingListsThePricingCalls() throws Exception {
        String output = ask("search all recent calls about pricing");

        assertThat(output).contains("about “pricing”")
                .contains("• Acme Corp — Pricing negotiation — ")
                .contains("• Hooli — Pricing negotiation — ")
                .contains("• Umbrella Health — Pricing and contract — ")
                .contains("• Initech — Procurement and pricing — ")
                .contains("• Wayne Retail — Renewal negotiation — ")
                .doesNotContain("Hooli — Product demo", "Globex — Discovery call");
        assertThat(output).contains("\"intent\":\"search_calls\"").contains("\"stages\"");
    }

    @Test
    void aSecondAskReusesTheSeededCalls() throws Exception {
        ask("search all recent calls about pricing");
        String output = ask("what did we promise Initech?");
        assertThat(output).contains("action items* from 3 calls with Initech")
                .contains("• Jamie Park (SE) — “Action item: Jamie to send the SOC 2 report");
        assertThat(output).contains("\"intent\":\"action_items\"");
    }
}
