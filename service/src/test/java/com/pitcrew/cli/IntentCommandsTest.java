package com.pitcrew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.directory.Account;
import com.pitcrew.directory.DirectoryStore;
import com.pitcrew.storage.DatabaseUrl;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs classify and eval through the Dropwizard CLI, as the jar would, with stdout and stderr captured. */
class IntentCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream commandOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream notices = new ByteArrayOutputStream();
    private Cli cli;
    private Path config;
    private String url;

    @BeforeEach
    void setUp() throws Exception {
        // No appenders: the command output is the only thing on stdout, and no log file is left behind.
        url = "jdbc:h2:file:" + dir.resolve("pitcrew").toAbsolutePath();
        config = Files.writeString(dir.resolve("config.yml"), "database:\n  url: " + url + "\n"
                + "logging:\n  level: WARN\n  appenders: []\n");
        PrintStream out = new PrintStream(commandOut, true, StandardCharsets.UTF_8);
        PrintStream notes = new PrintStream(notices, true, StandardCharsets.UTF_8);
        Bootstrap<PitCrewConfiguration> bootstrap = new Bootstrap<>(new PitCrewApplication());
        bootstrap.addCommand(new ClassifyCommand(out, notes));
        bootstrap.addCommand(new EvalCommand(out, notes));
        cli = new Cli(new JarLocation(getClass()), bootstrap,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private Optional<Throwable> run(String... args) throws Exception {
        return cli.run(args);
    }

    private Path input(String... lines) throws Exception {
        return Files.write(dir.resolve("in.jsonl"), List.of(lines), StandardCharsets.UTF_8);
    }

    private String output() {
        return commandOut.toString(StandardCharsets.UTF_8);
    }

    @Test
    void classifyWritesTheInputFieldsPlusTheVerdict() throws Exception {
        Path in = input("{\"id\": 7, \"text\": \"summarize the last call with Acme\"}",
                "",
                "{\"text\": \"draft an email to Tyler\", \"channel\": \"C1\"}");

        assertThat(run("classify", config.toString(), "--input", in.toString())).isEmpty();

        List<String> lines = output().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("id").asInt()).isEqualTo(7);
        assertThat(first.get("text").asText()).isEqualTo("summarize the last call with Acme");
        assertThat(first.get("intent").asText()).isEqualTo("meeting_summary");
        assertThat(first.get("rule").asText()).isEqualTo("summary.recap");
        assertThat(first.get("confidence").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(first.get("skip").asBoolean()).isTrue();
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("channel").asText()).isEqualTo("C1");
        assertThat(second.get("intent").asText()).isEqualTo("draft_email");
        assertThat(second.get("skip").asBoolean()).isFalse();

        // The same decision as the server: --threshold overrides the configured one, nothing else does.
        commandOut.reset();
        String aboveIt = String.valueOf(Math.min(1.0, first.get("confidence").asDouble() + 0.001));
        assertThat(run("classify", config.toString(), "--input", in.toString(), "--threshold", aboveIt)).isEmpty();
        assertThat(JSON.readTree(output().lines().toList().get(0)).get("skip").asBoolean()).isFalse();
    }

    @Test
    void classifyDecidesWithTheDatabasesNamesAndBreakersAsTheServerDoes() throws Exception {
        Path in = input("{\"text\": \"summarize the last call with Halvorsen Freight\"}");
        assertThat(run("classify", config.toString(), "--input", in.toString())).isEmpty(); // migrates, seeds
        JsonNode before = JSON.readTree(output().lines().toList().get(0));
        assertThat(before.get("skip").asBoolean()).isTrue();
        assertThat(notices.toString(StandardCharsets.UTF_8)).contains("deciding as the server")
                .contains("open breakers []");

        // A customer added to the directory, and the rule's breaker tripped by another instance.
        Jdbi jdbi = Jdbi.create(DatabaseUrl.parse(url).jdbcUrl(), "sa", "");
        new DirectoryStore(jdbi, Clock.systemUTC()).upsert(new Account("Halvorsen Freight", List.of(), List.of()));
        String rule = before.get("rule").asText();
        jdbi.useHandle(handle -> handle.execute("INSERT INTO rule_breakers (rule_id, tripped, samples, agreed, "
                + "skip_threshold, reason, changed_by, changed_at) VALUES (?, TRUE, 40, 30, 0.9, 'test', "
                + "'rule-trust', 1)", rule));
        commandOut.reset();
        notices.reset();

        assertThat(run("classify", config.toString(), "--input", in.toString())).isEmpty();
        JsonNode after = JSON.readTree(output().lines().toList().get(0));
        assertThat(after.get("prepared").asText()).contains("xacct").doesNotContain("xname");
        assertThat(after.get("rule").asText()).isEqualTo(rule);
        assertThat(after.get("skip").asBoolean()).isFalse();
        assertThat(notices.toString(StandardCharsets.UTF_8)).contains("open breakers [" + rule + "]");
    }

    @Test
    void withoutADatabaseClassifySaysSoAndUsesTheSampleWorld() throws Exception {
        Path unusable = Files.writeString(dir.resolve("nodb.yml"), "database:\n  url: jdbc:h2:file:"
                + dir.resolve("missing-dir/never").toAbsolutePath() + ";IFEXISTS=TRUE\n"
                + "logging:\n  level: WARN\n  appenders: []\n");
        Path in = input("{\"text\": \"summarize the last call with Acme\"}");

        assertThat(run("classify", unusable.toString(), "--input", in.toString())).isEmpty();

        assertThat(notices.toString(StandardCharsets.UTF_8)).contains("database unavailable")
                .contains("sample world");
        JsonNode line = JSON.readTree(output().lines().toList().get(0));
        assertThat(line.get("intent").asText()).isEqualTo("meeting_summary");
        assertThat(line.get("prepared").asText()).contains("xacct");
    }

    @Test
    void classifyRejectsABadLineByNumberAndWritesNothing() throws Exception {
        Path in = input("{\"text\": \"help\"}", "{\"text\": \"ok\"}", "not json at all");

        assertThat(run("classify", config.toString(), "--input", in.toString())).isPresent();

        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("line 3").contains("not valid JSON")
                .doesNotContain("\tat ");
        assertThat(output()).isEmpty();
        assertThat(dir.resolve("pitcrew.mv.db")).as("a bad input never opens the database").doesNotExist();
    }

    @Test
    void classifyRejectsALineWithoutText() throws Exception {
        Path in = input("{\"text\": \"help\"}", "{\"message\": \"hello\"}");

        assertThat(run("classify", config.toString(), "--input", in.toString())).isPresent();

        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("line 2").contains("\"text\"");
    }

    @Test
    void evalPrintsAccuracySkipFiguresAndReliability() throws Exception {
        Path in = input("{\"text\": \"search all recent calls about pricing\", \"intent\": \"search_calls\"}",
                "{\"text\": \"how much is Enterprise\", \"intent\": \"product_question\"}",
                "{\"text\": \"what did Acme say about pricing\", \"intent\": \"search_calls\"}");

        assertThat(run("eval", config.toString(), "--input", in.toString(), "--threshold", "0.8")).isEmpty();

        assertThat(output())
                .contains("accuracy: 0.6667 (2/3)")
                .contains("skip at threshold 0.80")
                .contains("skip coverage:")
                .contains("skip precision:")
                .contains("product_question")
                .contains("reliability (10 confidence bins)")
                .contains("ECE: ");
    }

    @Test
    void evalRejectsAnUnknownLabelByLine() throws Exception {
        Path in = input("{\"text\": \"help\", \"intent\": \"help\"}", "{\"text\": \"hi\", \"intent\": \"greeting\"}");

        assertThat(run("eval", config.toString(), "--input", in.toString())).isPresent();

        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("line 2").contains("unknown intent \"greeting\"");
        assertThat(output()).isEmpty();
    }

    @Test
    void evalRejectsAThresholdOutsideTheUnitInterval() throws Exception {
        Path in = input("{\"text\": \"help\", \"intent\": \"help\"}");

        assertThat(run("eval", config.toString(), "--input", in.toString(), "--threshold", "1.5")).isPresent();

        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--threshold must be in [0, 1]");
    }

    @Test
    void theApplicationRegistersBothCommands() {
        PitCrewApplication application = new PitCrewApplication();
        Bootstrap<PitCrewConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        assertThat(bootstrap.getCommands()).extracting(Command::getName).contains("classify", "eval");
    }
}
