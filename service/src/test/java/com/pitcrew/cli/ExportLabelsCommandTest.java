package com.pitcrew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.intent.CorpusFile;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.LabelledMessage;
import com.pitcrew.storage.DatabaseUrl;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export-labels through the Dropwizard CLI, on an H2 file database, and eval reading what it wrote. */
class ExportLabelsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream commandOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream commandErr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream evalOut = new ByteArrayOutputStream();
    private Cli cli;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("pitcrew").toAbsolutePath();
        config = Files.writeString(dir.resolve("config.yml"), "database:\n  url: " + url + "\n"
                + "logging:\n  level: WARN\n  appenders: []\n");
        Bootstrap<PitCrewConfiguration> bootstrap = new Bootstrap<>(new PitCrewApplication());
        bootstrap.addCommand(new ExportLabelsCommand(new PrintStream(commandOut, true, StandardCharsets.UTF_8),
                new PrintStream(commandErr, true, StandardCharsets.UTF_8)));
        bootstrap.addCommand(new EvalCommand(new PrintStream(evalOut, true, StandardCharsets.UTF_8),
                new PrintStream(commandErr, true, StandardCharsets.UTF_8)));
        cli = new Cli(new JarLocation(getClass()), bootstrap, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        // The first run migrates the empty database; then the labels go in as the service would write them.
        assertThat(cli.run("export-labels", config.toString())).isEmpty();
        commandErr.reset();
        Jdbi jdbi = Jdbi.create(DatabaseUrl.parse(url).jdbcUrl(), "sa", "");
        label(jdbi, "search calls about pricing", "search_calls", "search_calls", "validated", "2026-05-01T10:00:00Z");
        label(jdbi, "what did Acme say about pricing", "search_calls", "meeting_question", "shadow",
                "2026-05-02T10:00:00Z");
        label(jdbi, "can you summarize calls?", "meeting_summary", "help", "validated", "2026-05-03T10:00:00Z");
    }

    private static void label(Jdbi jdbi, String text, String pattern, String llm, String source, String at) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO production_labels (correlation_id, message_text, "
                        + "pattern_intent, rule_id, pattern_confidence, llm_intent, agreed, label_source, created_at) "
                        + "VALUES ('abcd1234', :text, :pattern, :rule, 0.95, :llm, :agreed, :source, :at)")
                .bind("text", text).bind("pattern", pattern).bind("rule", pattern + "-rule").bind("llm", llm)
                .bind("agreed", pattern.equals(llm)).bind("source", source)
                .bind("at", Instant.parse(at).toEpochMilli()).execute());
    }

    @Test
    void writesTheDisagreementsInTheCorpusFormatThatEvalReads() throws Exception {
        Path out = dir.resolve("disagreements.jsonl");
        assertThat(cli.run("export-labels", config.toString(), "--out", out.toString())).isEmpty();

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("text", "intent", "pattern_intent", "rule", "confidence", "source", "at");
        assertThat(first.get("text").asText()).isEqualTo("what did Acme say about pricing");
        assertThat(first.get("intent").asText()).isEqualTo("meeting_question");
        assertThat(first.get("pattern_intent").asText()).isEqualTo("search_calls");
        assertThat(first.get("rule").asText()).isEqualTo("search_calls-rule");
        assertThat(first.get("confidence").asDouble()).isEqualTo(0.95);
        assertThat(first.get("source").asText()).isEqualTo("shadow");
        assertThat(first.get("at").asText()).isEqualTo("2026-05-02T10:00:00Z");
        assertThat(commandErr.toString(StandardCharsets.UTF_8)).contains("2 disagreement(s) written to " + out);

        assertThat(CorpusFile.readLabelled(out)).extracting(LabelledMessage::intent)
                .containsExactly(Intent.MEETING_QUESTION, Intent.HELP);
        assertThat(cli.run("eval", config.toString(), "--input", out.toString())).isEmpty();
        assertThat(evalOut.toString(StandardCharsets.UTF_8)).isNotBlank();
    }

    @Test
    void allAndSinceSelectTheLabels() throws Exception {
        assertThat(cli.run("export-labels", config.toString(), "--all", "--since", "2026-05-02")).isEmpty();
        assertThat(commandOut.toString(StandardCharsets.UTF_8).lines().map(this::text))
                .containsExactly("what did Acme say about pricing", "can you summarize calls?");
        commandOut.reset();
        assertThat(cli.run("export-labels", config.toString(), "--all", "--since", "2026-05-02T10:00:00.001Z"))
                .isEmpty();
        assertThat(commandOut.toString(StandardCharsets.UTF_8).lines().map(this::text))
                .containsExactly("can you summarize calls?");
    }

    private String text(String line) {
        try {
            return JSON.readTree(line).get("text").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badFlagsAreOneClearLine() throws Exception {
        Optional<Throwable> badSince = cli.run("export-labels", config.toString(), "--since", "last tuesday");
        assertThat(badSince).isPresent();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("pitcrew: --since must be an ISO-8601 instant "
                + "or date, e.g. 2026-05-01T00:00:00Z or 2026-05-01, got 'last tuesday'");
        stderr.reset();
        assertThat(cli.run("export-labels", config.toString(), "--out", dir.resolve("no/such/dir/x.jsonl")
                .toString())).isPresent();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("pitcrew: --out: cannot write");
        stderr.reset();
        assertThat(cli.run("export-labels", config.toString(), "--bogus")).isPresent();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("unrecognized arguments: '--bogus'");
    }
}
