package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.cli.SmokeCommand;
import com.pitcrew.intent.CorpusFile;
import com.pitcrew.intent.LabelledMessage;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.FakeOpenAi;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The staging check through the CLI against a service the test starts: passes on a right one, fails on wrong ones. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SmokeCheckTest {

    private static final FakeSlack SLACK = new FakeSlack();
    private static final FakeOpenAi LLM = new FakeOpenAi();
    private static final TestDatabase DATABASE = TestDatabase.h2();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, TestApps.configPath(),
            SlackTestApps.overrides(DATABASE, SLACK, 2,
                    ConfigOverride.config("llm.apiKey", "test-key"),
                    ConfigOverride.config("llm.baseUrl", LLM.baseUrl()),
                    ConfigOverride.config("llm.maxRetries", "0")));

    @TempDir
    Path dir;

    private String table = "";
    private String stderr = "";

    @AfterAll
    static void stopFakes() {
        SLACK.close();
        LLM.close();
    }

    /** Runs {@code smoke} as an operator would: its own JVM, the repository's config.yml, the secret from the env. */
    private int smoke(String signingSecret, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", System.getProperty("java.class.path"), PitCrewApplication.class.getName(),
                "smoke", TestApps.configPath(), "--url", "http://127.0.0.1:" + APP.getLocalPort(),
                "--admin-url", "http://127.0.0.1:" + APP.getAdminPort(), "--timeout", "30"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("SLACK_SIGNING_SECRET", signingSecret);
        builder.environment().put("LOG_DIR", dir.resolve("logs").toString());
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        table = Files.readString(dir.resolve("out.txt"));
        stderr = Files.readString(dir.resolve("err.txt"));
        return process.exitValue();
    }

    static List<LabelledMessage> shipped() throws Exception {
        try (InputStream in = SmokeCommand.class.getResourceAsStream("/smoke/messages.jsonl")) {
            return CorpusFile.readLabelled(in, "shipped");
        }
    }

    /** An LLM that knows the right intent of every shipped message, as the real one should. */
    static void llmKnowsTheLabels(FakeOpenAi llm) throws Exception {
        llm.answer("{\"intent\":\"other\",\"confidence\":0.5}");
        for (LabelledMessage message : shipped()) {
            llm.answerWhen(message.text(), "{\"intent\":\"" + message.intent().wireName() + "\",\"confidence\":0.95}");
        }
    }

    @Test
    void theShippedSetCoversEveryIntentAndThePlansTwoExamples() throws Exception {
        List<LabelledMessage> messages = shipped();
        assertThat(messages).hasSizeGreaterThanOrEqualTo(10);
        assertThat(messages.stream().map(LabelledMessage::intent).distinct())
                .containsExactlyInAnyOrder(com.pitcrew.intent.Intent.values());
        assertThat(messages).extracting(LabelledMessage::text)
                .contains("search all recent calls about pricing", "draft an email to Tyler");
    }

    @Test
    void passesAgainstARightServiceWithATableOfEveryMessage() throws Exception {
        llmKnowsTheLabels(LLM);

        assertThat(smoke(SlackDeliveries.SIGNING_SECRET)).as(stderr).isZero();

        String printed = table;
        List<String> lines = printed.lines().toList();
        assertThat(lines.get(0)).startsWith("message").contains("expected", "actual", "validation", "reply ms");
        assertThat(lines).hasSize(shipped().size() + 2);
        assertThat(printed).contains("11 of 11 passed");
        assertThat(lines.stream().filter(line -> line.startsWith("search all recent calls about pricing")))
                .singleElement().asString().containsPattern("search_calls +search_calls +skipped +\\d+ +ok$");
        assertThat(lines.stream().filter(line -> line.startsWith("draft an email to Tyler")))
                .singleElement().asString().containsPattern("draft_email +draft_email +validated +\\d+ +ok$");
        // Replies really went to Slack, in the smoke channel.
        assertThat(SLACK.messages().stream().filter(message -> "C0PITSMOKE".equals(message.channel())))
                .hasSizeGreaterThanOrEqualTo(shipped().size());
    }

    @Test
    void failsOnADeploymentWhoseLlmMisclassifies() throws Exception {
        LLM.answer("{\"intent\":\"other\",\"confidence\":0.99}"); // every validated message becomes "other"

        assertThat(smoke(SlackDeliveries.SIGNING_SECRET)).isNotZero();

        assertThat(stderr)
                .contains("smoke check failed: 2 wrong intent(s), 0 missing reply(ies) of 11");
        assertThat(table.lines()
                .filter(line -> line.startsWith("draft an email to Tyler")))
                .singleElement().asString().containsPattern("draft_email +other +validated +\\d+ +wrong intent$");
    }

    @Test
    void failsWithMissingRepliesWhenTheSigningSecretIsWrong() throws Exception {
        Path messages = Files.writeString(dir.resolve("two.jsonl"),
                """
                {"text": "what can you do?", "intent": "help"}
                {"text": "thanks!", "intent": "other"}
                """);

        assertThat(smoke("not-the-deployments-secret", "--messages", messages.toString())).isNotZero();

        assertThat(stderr)
                .contains("smoke check failed: 0 wrong intent(s), 2 missing reply(ies) of 2");
        assertThat(table).contains("no reply: /slack/events answered HTTP 401");
    }

    @Test
    void aBadMessagesFileNamesItsLineAndSendsNothing() throws Exception {
        Path messages = Files.writeString(dir.resolve("bad.jsonl"),
                "{\"text\": \"what can you do?\", \"intent\": \"help\"}\n{\"text\": \"x\", \"intent\": \"dance\"}\n");
        long before = SlackTestApps.inboxRows(SlackTestApps.jdbi(DATABASE));

        assertThat(smoke(SlackDeliveries.SIGNING_SECRET, "--messages", messages.toString())).isNotZero();

        assertThat(stderr).contains("line 2").contains("dance");
        assertThat(SlackTestApps.inboxRows(SlackTestApps.jdbi(DATABASE))).isEqualTo(before);
    }

    @Test
    void theStatusEndpointAnswers400And404WithAReason() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + APP.getAdminPort() + "/slack-event";
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("eventId=Ev");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + "?eventId=EvNOPE")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no stored event EvNOPE");
    }
}
