package com.pitcrew.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.cli.ReportCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on a small log set with known figures: a gzipped archive, the live file, malformed lines. */
class RolloutReportTest {

    @TempDir
    Path dir;

    private static String request(String at, boolean failed, long total, long controlPlane, String validation,
                                  String flag) {
        return "{\"@timestamp\":\"" + at + "\",\"level\":\"INFO\",\"logger\":\"com.pitcrew.pipeline.RequestPipeline\","
                + "\"message\":\"" + (failed ? "Request failed" : "Request completed successfully")
                + "\",\"correlationId\":\"abcd1234\",\"totalTimeMs\":" + total + ",\"stages\":{\"meeting_resolution\""
                + ":10,\"control_plane\":" + controlPlane + ",\"handler\":" + (total - controlPlane - 10)
                + "},\"intent\":\"search_calls\",\"confidence\":0.966,\"validation\":\"" + validation
                + "\",\"flag\":\"" + flag + "\"}";
    }

    private static String shadow(boolean agreed, String intent, String rule) {
        return "{\"@timestamp\":\"2026-12-02T10:05:00.000Z\",\"message\":\"Shadow validation "
                + (agreed ? "agreed" : "disagreed: pattern said x") + "\",\"shadowAgreed\":" + agreed
                + ",\"patternIntent\":\"" + intent + "\",\"rule\":\"" + rule + "\",\"llmIntent\":\"help\"}";
    }

    private static String feedback(String reaction, String flag, String validation) {
        return "{\"@timestamp\":\"2026-12-02T10:06:00.000Z\",\"message\":\"Feedback stored\",\"channel\":\"C1\","
                + "\"replyTs\":\"1.2\",\"reaction\":\"" + reaction + "\",\"flag\":\"" + flag + "\",\"validation\":\""
                + validation + "\"}";
    }

    /** Writes the known set: baseline in a gzipped archive, the rollout in slack.log. */
    private Path logs() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> baseline = List.of(
                request("2026-12-01T10:00:00.000Z", false, 1000, 850, "validated", "off"),
                request("2026-12-01T10:01:00.000Z", false, 1100, 900, "validated", "off"),
                request("2026-12-01T10:02:00.000+01", false, 900, 800, "validated", "off"),
                request("2026-12-01T10:03:00.000Z", false, 1000, 850, "validated", "off"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(logs.resolve("slack-2026-12-01.log.gz")))) {
            out.write((String.join("\n", baseline) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> rollout = new ArrayList<>(List.of(
                request("2026-12-02T10:00:00.000Z", false, 100, 1, "skipped", "on"),
                "{\"@timestamp\":\"2026-12-02T10:00:00.000Z\",\"message\":\"skipping LLM validation\"}",
                request("2026-12-02T10:00:01.000Z", false, 120, 2, "skipped", "on"),
                "{\"@timestamp\":\"2026-12-02T10:00:01.000Z\",\"message\":\"skipping LLM validation\"}",
                request("2026-12-02T10:00:02.000Z", false, 140, 3, "skipped", "on"),
                "{\"@timestamp\":\"2026-12-02T10:00:02.000Z\",\"message\":\"skipping LLM validation\"}",
                request("2026-12-02T10:01:00.000Z", false, 950, 800, "validated", "on"),
                request("2026-12-02T10:02:00.000Z", false, 1050, 900, "validated", "on"),
                request("2026-12-02T10:03:00.000Z", true, 1000, 850, "validated", "off"),
                shadow(true, "search_calls", "search.imperative"),
                shadow(true, "search_calls", "search.imperative"),
                shadow(true, "search_calls", "search.imperative"),
                shadow(false, "meeting_summary", "summary.recap"),
                feedback("-1", "on", "skipped"),
                feedback("+1", "on", "validated"),
                "{\"@timestamp\":\"2026-12-02T10:07:00.000Z\",\"message\":\"Feedback reason stored\","
                        + "\"channel\":\"C1\",\"replyTs\":\"1.2\",\"reason\":\"wrong_facts\",\"flag\":\"on\","
                        + "\"validation\":\"skipped\"}",
                "{\"@timestamp\":\"2026-12-02T10:10:00.000Z\",\"message\":\"Kill switch ENGAGED for "
                        + "pitcrew.skip-llm-validation by rollout-guard: <script>alert(1)</script>\"}",
                "not json at all",
                "{\"truncated\": ",
                "{}x"));
        Files.writeString(logs.resolve("slack.log"), String.join("\r\n", rollout) + "\r\n");
        return logs;
    }

    @Test
    void theFiguresOfAKnownLogSet() throws Exception {
        RolloutReport.Written written = RolloutReport.write(logs(),
                Optional.of(java.time.Instant.parse("2026-12-02T00:00:00Z").toEpochMilli()), dir.resolve("out"));

        assertThat(written.requests()).isEqualTo(10);
        assertThat(written.malformed()).isEqualTo(3);
        String markdown = Files.readString(written.markdown());
        assertThat(markdown)
                .contains("2 file(s), 24 line(s), 3 malformed line(s) skipped")
                // baseline mean 1000 ms; flag on (100+120+140+950+1050)/5 = 472 ms
                .contains("| ≥ 150 ms faster | met | 528 ms faster: flag on 472 ms vs baseline (before the cut) "
                        + "1000 ms (mean totalTimeMs) |")
                .contains("| no more errors | met | flag on 0.000 vs baseline (before the cut) 0.000 |")
                .contains("| met | 3 of 5 = 60.0 % |")
                .contains("| accuracy ≥ 90.0 % | no data | shadow precision 0.750 (3 of 4, 95 % 0.301 – 0.954) |")
                .contains("| 3 | after the cut, flag on, skipped | 120 | 120 | 140 |")
                .contains("| 4 | baseline (before the cut) | 1000 | 1000 | 1100 |")
                .contains("| skipped | 3 | 2 | 2 | 3 |")
                .contains("| after the cut, flag off | 1 | 1 | 1.000 |")
                .contains("| rule summary.recap | 1 | 0 | 0.000 |")
                .contains("| rule search.imperative | 3 | 3 | 1.000 |")
                .contains("| flag on, skipped | 0 | 1 | 1.000 |")
                .contains("| flag on, skipped | wrong_facts | 1 |")
                .contains("| LLM calls saved (skips minus shadow validations) | 0 |")
                .contains("Kill switch ENGAGED for pitcrew.skip-llm-validation by rollout-guard");
        String html = Files.readString(written.html());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("kill switch engaged")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>")
                .doesNotContain("src=").doesNotContain("href=");
    }

    @Test
    void withoutACutFlagOffIsTheReference() throws Exception {
        String markdown = Files.readString(RolloutReport.write(logs(), Optional.empty(), dir.resolve("out"))
                .markdown());

        // flag off: the 4 baseline requests and the failed one, mean 1000 ms, error rate 1/5
        assertThat(markdown).contains("| no more errors | met | flag on 0.000 vs flag off 0.200 |")
                .contains("528 ms faster: flag on 472 ms vs flag off 1000 ms");
    }

    @Test
    void theCommandWritesBothFilesAndRefusesABadCut() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Bootstrap<?> bootstrap = new Bootstrap<>(new PitCrewApplication());
        bootstrap.addCommand(new ReportCommand(new PrintStream(out, true, StandardCharsets.UTF_8)));
        Cli cli = new Cli(new JarLocation(getClass()), bootstrap, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Path logs = logs();
        Path target = dir.resolve("report");

        assertThat(cli.run("report", "--logs", logs.toString(), "--baseline-until", "2026-12-02",
                "--out", target.toString())).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("report: 10 request(s) from 24 line(s), "
                + "3 malformed line(s) skipped");
        assertThat(target.resolve("rollout-report.md")).exists();
        assertThat(target.resolve("rollout-report.html")).exists();

        assertThat(cli.run("report", "--logs", logs.toString(), "--baseline-until", "yesterday")).isPresent();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--baseline-until must be an ISO-8601 instant or "
                + "date, e.g. 2026-05-01T00:00:00Z or 2026-05-01, got 'yesterday'");
        assertThat(cli.run("report", "--logs", dir.resolve("nowhere").toString())).isPresent();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nowhere is not a directory");
    }

    @Test
    void anOverlongLineIsCountedAndNeverHeldWhole() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("long"));
        Files.writeString(logs.resolve("slack.log"), "{\"message\":\"" + "x".repeat(LogFiles.MAX_LINE + 10)
                + "\"}\n" + request("2026-12-02T10:00:00.000Z", false, 100, 1, "skipped", "on") + "\n");

        RolloutReport.Written written = RolloutReport.write(logs, Optional.empty(), dir.resolve("out"));

        assertThat(written.malformed()).isEqualTo(1);
        assertThat(written.requests()).isEqualTo(1);
    }

    @Test
    void aGeneratedSetIsCountedExactly() throws Exception {
        SyntheticLogs.Counts counts = SyntheticLogs.write(dir.resolve("generated"), 4_000_000, 4, 2, 7);

        RolloutReport.Written written = RolloutReport.write(dir.resolve("generated"), Optional.empty(),
                dir.resolve("out"));

        assertThat(written.requests()).isEqualTo(counts.requests());
        assertThat(written.malformed()).isZero();
        assertThat(Files.readString(written.markdown()))
                .contains("| `skipping LLM validation` lines | " + counts.skipped() + " |")
                .contains("| all skips | " + counts.shadow() + " | " + counts.shadowAgreed() + " |");
    }
}
