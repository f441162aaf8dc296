package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.CorpusFile;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.LabelledMessage;
import com.pitcrew.intent.PatternClassifier;
import com.pitcrew.intent.SkipThreshold;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.FakeOpenAi;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-rule breaker end to end, through Slack events and a fake OpenAI over HTTP that disagrees with one rule:
 * shadow validations of that rule's skips label it wrong, the breaker trips, that rule stops skipping while the
 * others go on, the state survives a restart on the same database, health and metrics show it, and an admin clears
 * it. The rules are picked from the corpus at run time, so the test holds whatever the rules file says.
 */
class RuleBreakerAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_SAMPLES = 5;
    private static final AtomicInteger EVENTS = new AtomicInteger();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A skip-grade message of a skip-eligible rule, in plain words so it travels unescaped through every layer. */
    private record RuleMessage(String text, Classification pattern) {
    }

    private static List<RuleMessage> twoRules() throws Exception {
        PatternClassifier classifier = PatternClassifier.loadDefault();
        Map<String, RuleMessage> byRule = new TreeMap<>();
        for (LabelledMessage message : CorpusFile.readLabelled(
                TestApps.repoRoot().resolve("service/src/test/resources/intents-dev.jsonl"))) {
            Classification pattern = classifier.classify(message.text());
            if (SkipThreshold.skips(pattern, SkipThreshold.DEFAULT) && message.text().matches("[A-Za-z0-9 ,.?-]+")) {
                byRule.putIfAbsent(pattern.ruleId(), new RuleMessage(message.text(), pattern));
            }
        }
        assertThat(byRule).as("the corpus has skip-grade messages of two rules").hasSizeGreaterThanOrEqualTo(2);
        return byRule.values().stream().limit(2).toList();
    }

    private DropwizardTestSupport<PitCrewConfiguration> start(TestDatabase database, FakeSlack slack,
                                                              FakeOpenAi openAi) throws Exception {
        DropwizardTestSupport<PitCrewConfiguration> app = new DropwizardTestSupport<>(PitCrewApplication.class,
                TestApps.configPath(), SlackTestApps.overrides(database, slack, 2,
                ConfigOverride.config("llm.apiKey", "test-key"),
                ConfigOverride.config("llm.baseUrl", openAi.baseUrl()),
                // Every skip is shadow-validated, so the disagreeing LLM labels the rule quickly.
                ConfigOverride.config("rollout.shadowSampleRate", "1.0"),
                ConfigOverride.config("rollout.ruleTrustMinSamples", Integer.toString(MIN_SAMPLES)),
                // Refreshed by the health checks below, not by the clock.
                ConfigOverride.config("rollout.ruleTrustRefresh", "1h"),
                // The global guard would stop every rule skipping; this test is about stopping one.
                ConfigOverride.config("rollout.minShadowSamples", "1000")));
        app.before();
        return app;
    }

    /** Delivers {@code text} as a mention, waits until it is answered, returns how its intent was settled. */
    private String ask(DropwizardTestSupport<PitCrewConfiguration> app, Jdbi jdbi, String text) {
        String eventId = "EvRuleBrk" + EVENTS.incrementAndGet();
        assertThat(new SlackDeliveries(app.getLocalPort()).deliver(SlackDeliveries.message("app_mention", eventId,
                "C0BREAKER1", text)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(jdbi.withHandle(handle -> handle
                .createQuery("SELECT status FROM slack_inbox WHERE event_id = :id").bind("id", eventId)
                .mapTo(String.class).findOne().orElse(""))));
        return jdbi.withHandle(handle -> handle.createQuery("SELECT i.validation FROM interactions i "
                        + "JOIN slack_inbox s ON s.correlation_id = i.correlation_id WHERE s.event_id = :id")
                .bind("id", eventId).mapTo(String.class).one());
    }

    private JsonNode admin(DropwizardTestSupport<PitCrewConfiguration> app, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.getAdminPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> clear(DropwizardTestSupport<PitCrewConfiguration> app, String rule)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getAdminPort()
                        + "/tasks/rule-breaker?rule=" + rule + "&action=clear&by=alice&reason=rule+rewritten"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long labels(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM production_labels")
                .mapTo(Long.class).one());
    }

    @Test
    void aRuleTheLlmKeepsCorrectingStopsSkippingAloneUntilAPersonClearsIt() throws Exception {
        List<RuleMessage> rules = twoRules();
        RuleMessage wrong = rules.get(0);
        RuleMessage right = rules.get(1);
        Intent correction = wrong.pattern().intent() == Intent.OTHER ? Intent.HELP : Intent.OTHER;
        try (FakeSlack slack = new FakeSlack(); FakeOpenAi openAi = new FakeOpenAi();
             TestDatabase database = TestDatabase.h2File(dir)) {
            openAi.answer("{\"intent\":\"" + right.pattern().intent().wireName() + "\",\"confidence\":0.95}");
            openAi.answerWhen("Message: " + wrong.text(),
                    "{\"intent\":\"" + correction.wireName() + "\",\"confidence\":0.95}");
            Jdbi jdbi = SlackTestApps.jdbi(database);

            DropwizardTestSupport<PitCrewConfiguration> app = start(database, slack, openAi);
            try {
                for (int i = 0; i <= MIN_SAMPLES; i++) {
                    assertThat(ask(app, jdbi, wrong.text())).isEqualTo("skipped");
                }
                assertThat(ask(app, jdbi, right.text())).isEqualTo("skipped");
                await().atMost(Duration.ofSeconds(30)).until(() -> labels(jdbi) == MIN_SAMPLES + 2);

                JsonNode health = admin(app, "/healthcheck").path("skip-rule-breakers");
                assertThat(health.path("healthy").asBoolean()).as(health.toString()).isFalse();
                assertThat(health.path("message").asText()).contains(wrong.pattern().ruleId())
                        .doesNotContain(right.pattern().ruleId());
                JsonNode metrics = admin(app, "/metrics");
                assertThat(metrics.at("/counters/pitcrew.rollout.rule_breaker.tripped/count").asLong()).isEqualTo(1);
                assertThat(metrics.at("/gauges/pitcrew.rollout.rule_breaker.open/value").asInt()).isEqualTo(1);

                assertThat(ask(app, jdbi, wrong.text())).isEqualTo("validated");
                assertThat(ask(app, jdbi, right.text())).as("the other rules go on skipping").isEqualTo("skipped");
                assertThat(admin(app, "/metrics")
                        .at("/meters/pitcrew.control_plane.skip_policy.rule_breaker/count").asLong()).isEqualTo(1);
            } finally {
                app.after();
            }

            DropwizardTestSupport<PitCrewConfiguration> restarted = start(database, slack, openAi);
            try {
                assertThat(admin(restarted, "/metrics").at("/gauges/pitcrew.rollout.rule_breaker.open/value")
                        .asInt()).as("read from the database at start").isEqualTo(1);
                JsonNode health = admin(restarted, "/healthcheck").path("skip-rule-breakers");
                assertThat(health.path("healthy").asBoolean()).isFalse();
                assertThat(health.path("message").asText()).contains(wrong.pattern().ruleId());
                assertThat(ask(restarted, jdbi, wrong.text())).isEqualTo("validated");
                assertThat(ask(restarted, jdbi, right.text())).isEqualTo("skipped");

                HttpResponse<String> cleared = clear(restarted, wrong.pattern().ruleId());
                assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
                assertThat(cleared.body()).contains("rule breaker cleared for " + wrong.pattern().ruleId());
                assertThat(clear(restarted, wrong.pattern().ruleId()).statusCode())
                        .as("nothing left to clear").isEqualTo(400);
                assertThat(admin(restarted, "/healthcheck").path("skip-rule-breakers").path("healthy").asBoolean())
                        .isTrue();
                assertThat(ask(restarted, jdbi, wrong.text())).as("judged afresh on newer labels only")
                        .isEqualTo("skipped");
            } finally {
                restarted.after();
            }
        }
    }
}
