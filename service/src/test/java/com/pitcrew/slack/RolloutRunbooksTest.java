package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.FakeOpenAi;
import com.pitcrew.support.Runbooks;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout runbooks' commands, as written, against a service this test starts; and the scenario: a
 * fake LLM that disagrees with a growing share of skips trips the guard, which engages the kill switch by itself,
 * as the health check, the logs and the report all show.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutRunbooksTest {

    private static final FakeSlack SLACK = new FakeSlack();
    private static final FakeOpenAi LLM = new FakeOpenAi();
    private static final TestDatabase DATABASE = TestDatabase.h2();
    private static final Path LOG_DIR = SlackTestApps.logDir();
    private static final String AGREE = "{\"intent\":\"search_calls\",\"confidence\":0.95}";
    private static final String DISAGREE = "{\"intent\":\"meeting_question\",\"confidence\":0.95}";
    private static final List<String> AGREED_TOPICS = List.of("pricing", "onboarding", "SSO", "SCIM", "renewal",
            "discounts", "budget", "procurement", "security", "HIPAA", "SOC 2", "data residency", "Salesforce",
            "Snowflake", "Looker", "Tableau", "integrations", "the pilot", "the demo", "timelines");
    private static final List<String> DISAGREED_TOPICS = List.of("audit logs", "the contract", "seats", "the trial",
            "BigQuery", "HubSpot", "Zendesk", "Okta", "uptime", "the roadmap", "API limits", "training");

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(),
            SlackTestApps.overrides(DATABASE, SLACK, 2, TestApps.shippedBootstrap(), LOG_DIR,
                    ConfigOverride.config("llm.apiKey", "test-key"),
                    ConfigOverride.config("llm.baseUrl", LLM.baseUrl()),
                    ConfigOverride.config("llm.maxRetries", "0"),
                    // Every skip is shadow-validated, and the guard looks every second.
                    ConfigOverride.config("rollout.shadowSampleRate", "1.0"),
                    ConfigOverride.config("rollout.guardInterval", "1s")));

    @TempDir
    Path dir;

    @AfterAll
    static void stopFakes() {
        SLACK.close();
        LLM.close();
    }

    private static Path runbook(String name) {
        return TestApps.repoRoot().resolve("runbooks").resolve(name);
    }

    /** Runs one runbook line in bash from the repository root; the jar becomes the main class on our class path. */
    private String run(String command, Map<String, String> env) throws Exception {
        String local = command.replace("127.0.0.1:8081", "127.0.0.1:" + APP.getAdminPort())
                .replace("java -jar service/target/pitcrew.jar", "java -cp '" + System.getProperty("java.class.path")
                        + "' " + PitCrewApplication.class.getName());
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", local).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("LOG_DIR", LOG_DIR.toString());
        builder.environment().putAll(env);
        // config.yml is named relative to the repository root in every runbook.
        builder.directory(TestApps.repoRoot().toFile());
        builder.environment().put("PITCREW_OUT", dir.toString());
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(command + "\n" + output).isZero();
        return output;
    }

    private static String unleashRunbook() throws IOException {
        return Files.readString(runbook("unleash.md"));
    }

    @Test
    @Order(1)
    void deployRunbookBuildsChecksHealthAndPassesTheSmokeCheck() throws Exception {
        SmokeCheckTest.llmKnowsTheLabels(LLM);
        List<String> commands = Runbooks.commands(runbook("deploy.md"));
        assertThat(commands).hasSize(4);
        // The build is CI's own command; the start command is what ChildService (SlackCrashTest) runs.
        assertThat(commands.get(0)).isEqualTo("mvn -B verify");
        assertThat(Files.readString(TestApps.repoRoot().resolve(".ci/run"))).contains("\n" + commands.get(0) + "\n");
        assertThat(commands.get(1)).isEqualTo("java -jar service/target/pitcrew.jar server config.yml");

        assertThat(run(commands.get(2), Map.of())).contains("\"skip-cohort-guards\":{\"healthy\":true");
        String table = run(commands.get(3), Map.of("PITCREW_URL", "http://127.0.0.1:" + APP.getLocalPort(),
                "SLACK_SIGNING_SECRET", SlackDeliveries.SIGNING_SECRET, "SMOKE_CHANNEL", "C0SMOKERUN"));
        assertThat(table).contains("11 of 11 passed");
    }

    @Test
    @Order(2)
    void aGrowingShareOfDisagreementsTripsTheGuardWhichEngagesTheKillSwitch() throws Exception {
        LLM.answer(AGREE);
        SlackDeliveries slack = new SlackDeliveries(APP.getLocalPort());
        Jdbi jdbi = SlackTestApps.jdbi(DATABASE);
        for (String topic : AGREED_TOPICS) {
            send(slack, topic);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> shadowRows(jdbi) >= AGREED_TOPICS.size());
        assertThat(run("curl -s http://127.0.0.1:8081/healthcheck", Map.of()))
                .contains("\"skip-kill-switch\":{\"healthy\":true").contains("\"shadowPrecision\":1.0");

        // From now on the LLM disagrees with every skip: precision 20/21, 20/22, ... below 0.85 at 20/24.
        for (String topic : DISAGREED_TOPICS) {
            LLM.answerWhen("about " + topic, DISAGREE);
        }
        for (String topic : DISAGREED_TOPICS) {
            send(slack, topic);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> jdbi.withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM feature_overrides WHERE engaged = TRUE AND changed_by = 'rollout-guard'")
                .mapTo(Long.class).one()) == 1);

        String health = run("curl -s http://127.0.0.1:8081/healthcheck", Map.of());
        assertThat(health).contains("\"skip-kill-switch\":{\"healthy\":false")
                .contains("engaged by rollout-guard: rollout guard: shadow precision");
        await().atMost(Duration.ofSeconds(30)).until(() -> log().contains("\"message\":\"Rollout guard tripped"));
        assertThat(log()).contains("Kill switch ENGAGED for pitcrew.skip-llm-validation by rollout-guard");

        // The rollout page shows the switch engaged by the guard and why (its window restarts at the change).
        String page = run("curl -s http://127.0.0.1:8081/rollout", Map.of());
        assertThat(page).contains("ENGAGED: LLM validation is never skipped")
                .contains("by <b>rollout-guard</b>: rollout guard: shadow precision 0.");

        // The report on the logs this service wrote shows it too.
        String report = run("java -jar service/target/pitcrew.jar report --logs \"$LOG_DIR\" --out \"$PITCREW_OUT\"",
                Map.of());
        assertThat(report).contains("0 malformed line(s) skipped");
        String markdown = Files.readString(dir.resolve("rollout-report.md"));
        assertThat(markdown).contains("Kill switch ENGAGED for pitcrew.skip-llm-validation by rollout-guard")
                .contains("| no red flag (accuracy < 85.0 %) | NOT MET | shadow precision 0.");
        assertThat(Files.readString(dir.resolve("rollout-report.html"))).contains("kill switch engaged</title>");

        monitoringRunbookFindsIt();
        rollbackRunbookWorksAsWritten();
    }

    private void monitoringRunbookFindsIt() throws Exception {
        List<String> commands = Runbooks.commands(runbook("monitoring.md"));
        assertThat(commands).hasSize(7);
        run(commands.get(0).replace("--out rollout-report", "--out \"$PITCREW_OUT/monitoring\""), Map.of());
        assertThat(dir.resolve("monitoring/rollout-report.html")).exists();
        long skips = Long.parseLong(run(commands.get(1), Map.of()).strip());
        assertThat(skips).isGreaterThanOrEqualTo(AGREED_TOPICS.size() + 4);
        assertThat(run(commands.get(2), Map.of())).containsPattern("\\d+ skipped");
        run(commands.get(3), Map.of()); // no request failed here: the query answers nothing, successfully
        assertThat(run(commands.get(4), Map.of())).contains("search.imperative\tsearch_calls\tmeeting_question");
        assertThat(run(commands.get(5), Map.of())).contains("Rollout guard tripped").contains("Kill switch ENGAGED");
        assertThat(run(commands.get(6), Map.of())).startsWith("id=\"kill-switch-last\">last changed ")
                .contains(" by <b>rollout-guard");
    }

    private void rollbackRunbookWorksAsWritten() throws Exception {
        List<String> commands = Runbooks.commands(runbook("rollback.md"));
        assertThat(commands).hasSize(4);
        assertThat(run(commands.get(0), Map.of())).contains("kill switch engaged");
        assertThat(run(commands.get(1), Map.of())).contains("engaged by oncall: rollback wrong answers");
        // The Unleash command is the Unleash runbook's, which SkipFlagUnleashServerTest runs on a real server.
        assertThat(unleashRunbook()).contains("\n" + commands.get(2) + "\n");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Map<String, String> git = Map.of("GIT_AUTHOR_NAME", "ci", "GIT_AUTHOR_EMAIL", "ci@example.com",
                "GIT_COMMITTER_NAME", "ci", "GIT_COMMITTER_EMAIL", "ci@example.com");
        String setUp = "cd '" + repo + "' && git init -q -b main && echo a > f && git add f && git commit -qm base"
                + " && git checkout -qb rule && echo b > f && git commit -qam 'bad rule' && git checkout -q main"
                + " && git merge -q --no-ff -m 'merge bad rule' rule && git rev-parse HEAD";
        String merge = run(setUp, git).strip();
        Map<String, String> env = new HashMap<>(git);
        env.put("MERGE_COMMIT", merge);
        run("cd '" + repo + "' && " + commands.get(3), env);
        assertThat(Files.readString(repo.resolve("f"))).isEqualTo("a\n");

        // Leave the switch as a person would once the cause is fixed: the kill switch runbook's clear command.
        List<String> clear = Runbooks.curlCommands(runbook("kill-switch.md"));
        assertThat(run(clear.get(2), Map.of())).contains("kill switch cleared");
    }

    @Test
    @Order(3)
    void rolloutAndGuardRunbooksWorkAsWritten() throws Exception {
        List<String> rollout = Runbooks.commands(runbook("rollout.md"));
        assertThat(rollout).hasSize(6);
        assertThat(unleashRunbook()).contains("\n" + rollout.get(0) + "\n");
        assertThat(run(rollout.get(1), Map.of())).contains("\"skip-rollout-guard\"").contains("\"skip-cohort-guards\"");
        assertThat(run(rollout.get(2).replace("--out rollout-report", "--out \"$PITCREW_OUT\""),
                Map.of("ROLLOUT_START", "2026-01-01"))).contains("request(s)");
        assertThat(Files.readString(dir.resolve("rollout-report.md"))).contains("## Success checklist");
        assertThat(run(rollout.get(3), Map.of())).contains("pitcrew_rollout_shadow_precision")
                .contains("pitcrew_rollout_kill_switch_engaged").contains("pitcrew_rollout_latency_guard_warning");
        // The page: cleared by the rollback test's last command, its figures over the window since then.
        assertThat(run(rollout.get(4), Map.of())).contains("id=\"kill-switch-state\" class=\"ok\">clear")
                .contains("id=\"skip-share\">Skip share: ").contains("id=\"shadow-precision\">Shadow precision");
        run(rollout.get(5).replace("> labelled.jsonl", "> \"$PITCREW_OUT/labelled.jsonl\""), Map.of());
        assertThat(dir.resolve("labelled.jsonl")).exists();

        List<String> guards = Runbooks.commands(runbook("guards.md"));
        assertThat(guards).hasSize(1);
        assertThat(run(guards.get(0), Map.of())).contains("\"skip-cohort-guards\":{\"healthy\":true")
                .contains("\"rule\":\"skipped p50 totalTimeMs < validated p50");
    }

    private static void send(SlackDeliveries slack, String topic) {
        String body = SlackDeliveries.message("app_mention", "EvRUNBOOK" + Integer.toHexString(topic.hashCode()),
                "C0ROLLOUT1", "search all recent calls about " + topic);
        assertThat(slack.deliver(body).statusCode()).isEqualTo(200);
    }

    private static long shadowRows(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM shadow_validations")
                .mapTo(Long.class).one());
    }

    private static String log() {
        try {
            return Files.readString(LOG_DIR.resolve("slack.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
