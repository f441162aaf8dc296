package com.pitcrew.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.report.Headline;
import com.pitcrew.report.RolloutReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code report} command's figures match the bench's for the same run: a short bench phase against the shipped
 * jar (fake Slack and OpenAI, skip flag on for these users, so some requests skip and some validate), then the
 * bench's figures from its phase and the report's headline from the very log that run wrote. Requests, skip share,
 * p50/p95 totalTimeMs and control_plane skipped vs validated must be equal, not merely close.
 */
class SameFiguresTest {

    private static final String SECRET = "same-figures-signing-secret-0123456789";

    @TempDir
    Path work;

    @Test
    @SuppressWarnings("unchecked")
    void theReportsFiguresEqualTheBenchsForTheSameLog() throws Exception {
        Path repo = Path.of(System.getProperty("pitcrew.repoRoot", "..")).toAbsolutePath().normalize();
        List<String[]> corpus = EndToEndBench.corpus();
        Map<String, String> oracle = new LinkedHashMap<>();
        corpus.forEach(entry -> oracle.put(entry[0], entry[1]));
        List<String> messages = EndToEndBench.messages(corpus);
        Path bootstrap = Files.writeString(work.resolve("bootstrap.json"), EndToEndBench.bootstrap());
        Map<String, Object> bench;
        Headline report;
        try (FakeSlackServer slack = new FakeSlackServer();
             FakeOpenAiServer openAi = new FakeOpenAiServer(oracle, 40, 60, 20, 0.15)) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SLACK_SIGNING_SECRET", SECRET);
            env.put("SLACK_BOT_TOKEN", "xoxb-same-figures");
            env.put("SLACK_API_URL", slack.apiUrl());
            env.put("OPENAI_API_KEY", "same-figures-key");
            env.put("OPENAI_BASE_URL", openAi.baseUrl());
            env.put("UNLEASH_BOOTSTRAP_FILE", bootstrap.toString());
            try (ServiceProcess service = ServiceProcess.start(repo, work, env)) {
                Phases phases = new Phases(service, slack, openAi, new EventSender(service.port(), SECRET), messages);
                // Phase "B": users UB..., for whom the bootstrap turns the skip flag on.
                bench = phases.run("B", 10, 4);
                report = RolloutReport.write(service.logDir(), Optional.empty(), work.resolve("report")).headline();
            }
        }
        assertThat((int) bench.get("lost")).isZero();
        assertThat((int) bench.get("summarised")).isEqualTo((int) bench.get("requests")).isEqualTo(40);
        assertThat(report.requests()).isEqualTo(40);
        assertThat(report.skipped()).isPositive().isLessThan(40);
        assertThat(EndToEndBench.round(report.skipShare())).isEqualTo(bench.get("skipShare"));
        Map<String, Object> serviceTime = (Map<String, Object>) bench.get("serviceTime");
        assertThat(report.totalP50()).isEqualTo(serviceTime.get("p50"));
        assertThat(report.totalP95()).isEqualTo(serviceTime.get("p95"));
        Map<String, Object> skipped = (Map<String, Object>) bench.get("controlPlaneSkipped");
        Map<String, Object> validated = (Map<String, Object>) bench.get("controlPlaneValidated");
        assertThat(report.controlPlaneSkippedP50()).isEqualTo(skipped.get("p50"));
        assertThat(report.controlPlaneSkippedP95()).isEqualTo(skipped.get("p95"));
        assertThat(report.controlPlaneValidatedP50()).isEqualTo(validated.get("p50"));
        assertThat(report.controlPlaneValidatedP95()).isEqualTo(validated.get("p95"));
        assertThat(report.controlPlaneSkipped() + report.controlPlaneValidated()).isLessThanOrEqualTo(40);
    }
}
