package com.pitcrew;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.DatabaseUrl;
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
import org.jdbi.v3.core.Jdbi;
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
    void slackInboxRunbookRequeuesFailedEventsAsWritten() throws Exception {
        Jdbi jdbi = Jdbi.create(DatabaseUrl.parse(DATABASE.url()).jdbcUrl(), DATABASE.user(), DATABASE.password());
        for (String eventId : List.of("Ev0RUNBOOK01", "Ev0RUNBOOK02", "Ev0RUNBOOK03")) {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO slack_inbox (event_id, correlation_id, "
                            + "event_type, payload, status, attempts, next_attempt_at, last_error, received_at, "
                            + "updated_at) VALUES (:id, 'abcd1234', 'app_mention', '{}', 'failed', 4, 0, "
                            + "'chat.update answered HTTP 500', 1, 1)")
                    .bind("id", eventId).execute());
        }
        List<String> commands = Runbooks.curlCommands(TestApps.repoRoot().resolve("runbooks/slack-inbox.md"));
        assertThat(commands).hasSize(3);

        assertThat(run(commands.get(0))).contains("\"database\":{\"healthy\":true");
        assertThat(run(commands.get(1))).contains("requeued 1 failed event(s) matching Ev0RUNBOOK01");
        assertThat(status(jdbi, "Ev0RUNBOOK01")).isEqualTo("pending");
        assertThat(status(jdbi, "Ev0RUNBOOK02")).isEqualTo("failed");
        assertThat(run(commands.get(2))).contains("requeued 2 failed event(s)");
        assertThat(status(jdbi, "Ev0RUNBOOK03")).isEqualTo("pending");
    }

    @Test
    void ruleBreakerRunbookClearsAnOpenBreakerAsWritten() throws Exception {
        Jdbi jdbi = Jdbi.create(DatabaseUrl.parse(DATABASE.url()).jdbcUrl(), DATABASE.user(), DATABASE.password());
        // As another instance would leave it: the breaker of the rule the runbook names is open.
        jdbi.useHandle(handle -> handle.execute("INSERT INTO rule_breakers (rule_id, tripped, samples, agreed, "
                + "skip_threshold, reason, changed_by, changed_at) VALUES ('runbook-rule', TRUE, 40, 30, 0.9, "
                + "'production precision 0.750 (30 of 40 agreed) < skip threshold 0.90', 'rule-trust', 1)"));
        List<String> commands = Runbooks.curlCommands(TestApps.repoRoot().resolve("runbooks/rule-breakers.md"));
        assertThat(commands).hasSize(2);

        assertThat(run(commands.get(0))).contains("\"skip-rule-breakers\":{\"healthy\":false")
                .contains("rule breaker open for runbook-rule");
        assertThat(run(commands.get(1))).contains("rule breaker cleared for runbook-rule");
        assertThat(run(commands.get(0))).contains("\"skip-rule-breakers\":{\"healthy\":true");
        String again = "curl -s -w ' HTTP %{http_code}' -X POST "
                + "'http://127.0.0.1:8081/tasks/rule-breaker?rule=runbook-rule&action=clear&by=oncall&reason=x'";
        assertThat(run(again)).isEqualTo("error: rule 'runbook-rule' has no open breaker\n HTTP 400");
        String noPerson = "curl -s -w ' HTTP %{http_code}' -X POST "
                + "'http://127.0.0.1:8081/tasks/rule-breaker?rule=runbook-rule&action=clear&reason=x'";
        assertThat(run(noPerson)).isEqualTo("error: say who clears it (by=...)\n HTTP 400");
    }

    @Test
    void retentionRunbookPurgesOldRowsAndShowsTheCountsAsWritten() throws Exception {
        Jdbi jdbi = Jdbi.create(DatabaseUrl.parse(DATABASE.url()).jdbcUrl(), DATABASE.user(), DATABASE.password());
        long old = System.currentTimeMillis() - 100L * 24 * 3600 * 1000;
        for (String[] row : List.of(new String[] {"Ev0RETAIN01", "done"}, new String[] {"Ev0RETAIN02", "pending"})) {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO slack_inbox (event_id, correlation_id, "
                            + "event_type, payload, status, attempts, next_attempt_at, received_at, updated_at) "
                            + "VALUES (:id, 'abcd1234', 'app_mention', '{}', :status, 1, :at, :at, :at)")
                    .bind("id", row[0]).bind("status", row[1]).bind("at", old).execute());
        }
        jdbi.useHandle(handle -> handle.execute("INSERT INTO production_labels (correlation_id, message_text, "
                + "pattern_intent, rule_id, pattern_confidence, llm_intent, agreed, label_source, created_at) "
                + "VALUES ('abcd1234', 'recap', 'meeting_summary', 'runbook-retention', 0.95, 'meeting_summary', "
                + "TRUE, 'validated', ?)", old));
        List<String> commands = Runbooks.curlCommands(TestApps.repoRoot().resolve("runbooks/retention.md"));
        assertThat(commands).hasSize(2);

        assertThat(run(commands.get(0))).contains("slack_inbox: purged 1 row(s) older than ")
                .contains("production_labels: purged 1 row(s) older than ").contains("total: 2");
        List<String> kept = jdbi.withHandle(handle -> handle.createQuery("SELECT event_id FROM slack_inbox "
                + "WHERE event_id LIKE 'Ev0RETAIN%'").mapTo(String.class).list());
        assertThat(kept).as("a pending event is never purged").containsExactly("Ev0RETAIN02");
        assertThat(run(commands.get(1))).contains("\"pitcrew.retention.purged.slack_inbox\":{\"count\":1}")
                .contains("\"pitcrew.retention.purged.production_labels\":{\"count\":1}")
                .contains("\"pitcrew.retention.failed\":{\"count\":0}");
        String withParameter = "curl -s -w ' HTTP %{http_code}' -X POST "
                + "'http://127.0.0.1:8081/tasks/retention-purge?table=interactions'";
        assertThat(run(withParameter)).isEqualTo("error: retention-purge takes no parameters, got table\n HTTP 400");
    }

    private static String status(Jdbi jdbi, String eventId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT status FROM slack_inbox WHERE event_id = :id")
                .bind("id", eventId).mapTo(String.class).one());
    }

    @Test
    void badTaskInputIsRefusedWithA400AndChangesNothing() throws Exception {
        // Other tests of this app are refused too, in any order: count this test's refusals only.
        long rejectedBefore = APP.getEnvironment().metrics().counter("pitcrew.admin.task.rejected").getCount();
        String noReason = "curl -s -w ' HTTP %{http_code}' -X POST "
                + "'http://127.0.0.1:8081/tasks/kill-switch?action=engage'";
        assertThat(run(noReason)).isEqualTo("error: a reason is required (reason=...)\n HTTP 400");
        String badAction = "curl -s -w ' HTTP %{http_code}' -X POST "
                + "'http://127.0.0.1:8081/tasks/kill-switch?action=explode&reason=x'";
        assertThat(run(badAction)).isEqualTo("error: action must be engage or clear, got 'explode'\n HTTP 400");
        String noTarget = "curl -s -w ' HTTP %{http_code}' -X POST 'http://127.0.0.1:8081/tasks/slack-requeue-failed'";
        assertThat(run(noTarget)).isEqualTo("error: name one event (eventId=Ev...) or ask for all=true\n HTTP 400");

        String longReason = "curl -s -w ' HTTP %{http_code}' -X POST "
                + "'http://127.0.0.1:8081/tasks/kill-switch?action=engage&reason=" + "r".repeat(1001) + "'";
        assertThat(run(longReason)).isEqualTo("error: reason is longer than 1000 characters\n HTTP 400");
        String longBy = "curl -s -w ' HTTP %{http_code}' -X POST "
                + "'http://127.0.0.1:8081/tasks/kill-switch?action=engage&reason=x&by=" + "b".repeat(129) + "'";
        assertThat(run(longBy)).isEqualTo("error: by is longer than 128 characters\n HTTP 400");

        assertThat(run("curl -s http://127.0.0.1:8081/healthcheck")).contains("\"skip-kill-switch\":{\"healthy\":true");
        assertThat(APP.getEnvironment().metrics().counter("pitcrew.admin.task.rejected").getCount())
                .isEqualTo(rejectedBefore + 5);
    }

    @Test
    void badLogLevelInputIsRefusedWithA400AndGoodInputStillWorks() throws Exception {
        String post = "curl -s -w ' HTTP %{http_code}' -X POST 'http://127.0.0.1:8081/tasks/log-level?";
        assertThat(run(post + "logger=com.pitcrew&level=BOGUS'"))
                .isEqualTo("error: level must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got 'BOGUS'\n HTTP 400");
        assertThat(run(post + "level=DEBUG'")).isEqualTo("error: name the logger (logger=com.pitcrew...)\n HTTP 400");
        assertThat(run(post + "logger=com.pitcrew&level=DEBUG&duration=soon'"))
                .isEqualTo("error: duration must be an ISO-8601 duration such as PT10M, got 'soon'\n HTTP 400");
        assertThat(((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.pitcrew.probe"))
                .getLevel()).as("nothing changed").isNull();

        assertThat(run(post + "logger=com.pitcrew.probe&level=debug&duration=PT1M'"))
                .contains("Configured logging level for com.pitcrew.probe to DEBUG").endsWith("HTTP 200");
    }
}
