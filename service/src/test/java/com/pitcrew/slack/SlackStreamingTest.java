package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.FakeOpenAi;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Answers the LLM writes stream into the thread (chat.startStream / appendStream / stopStream) through the real
 * service, a fake Slack Web API and a fake OpenAI server that streams its answer over time; when a stream call or
 * the LLM fails part-way, the event still ends as one message holding the whole reply.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlackStreamingTest {

    private static final FakeSlack SLACK = new FakeSlack();
    private static final FakeOpenAi OPEN_AI = new FakeOpenAi();
    private static final TestDatabase DATABASE = TestDatabase.h2();
    private static final String QUESTION = "what did Acme say about pricing?";
    /** What a hostile transcript could make the model write: mentions, HTML, a link of each kind. */
    private static final String HOSTILE = "Acme pushed back on **pricing** <!channel> <@U0BOSS> <b>now</b> — see "
            + "[the plan page](https://beacon.example/plans?a=1&b=2) and [click](javascript:alert(1)) "
            + "(Acme — Pricing review, 2026-11-12).";

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, com.pitcrew.support.TestApps.configPath(),
            SlackTestApps.overrides(DATABASE, SLACK, 2,
                    ConfigOverride.config("llm.apiKey", "test-key"),
                    ConfigOverride.config("llm.baseUrl", OPEN_AI.baseUrl()),
                    ConfigOverride.config("llm.maxRetries", "0"),
                    ConfigOverride.config("llm.timeout", "15s"),
                    ConfigOverride.config("rollout.shadowSampleRate", "0"),
                    ConfigOverride.config("slack.streaming.appendEvery", "100ms"),
                    ConfigOverride.config("slack.streaming.pauseAfterRefusal", "1h")));

    private SlackDeliveries slack;
    private Jdbi jdbi;

    @BeforeEach
    void setUp() {
        slack = new SlackDeliveries(APP.getLocalPort());
        jdbi = SlackTestApps.jdbi(DATABASE);
        SLACK.stubDefaults();
    }

    @AfterAll
    static void stopFakes() {
        SLACK.close();
        OPEN_AI.close();
    }

    /** The LLM streams {@code answer} over 1.5 s; validation (structured output) agrees it is a meeting question. */
    private static void llmWrites(String answer) {
        OPEN_AI.answerStreamedOver(answer, 15, 1500);
        OPEN_AI.answerWhen("response_format", "{\"intent\":\"meeting_question\",\"confidence\":0.95}");
    }

    private String ask(String channel, String text) {
        String eventId = SlackTestApps.freshId("Ev");
        assertThat(slack.deliver(SlackDeliveries.message("app_mention", eventId, channel, text)).statusCode())
                .isEqualTo(200);
        SlackTestApps.awaitDone(jdbi, eventId);
        return eventId;
    }

    private static List<Map<String, String>> callsIn(String method, String channel) {
        return SLACK.calls(method).stream().filter(call -> channel.equals(call.get("channel"))).toList();
    }

    private static String streamedText(String channel) {
        return List.of("chat.startStream", "chat.appendStream", "chat.stopStream").stream()
                .flatMap(method -> callsIn(method, channel).stream())
                .map(call -> call.getOrDefault("markdown_text", ""))
                .collect(Collectors.joining());
    }

    private String replyTs(String eventId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT reply_ts FROM slack_inbox WHERE event_id = :id")
                .bind("id", eventId).mapTo(String.class).one());
    }

    @Test
    void anAnswerStreamsAsStartAppendsAndStopWithSafeText() {
        llmWrites(HOSTILE);
        String channel = SlackTestApps.freshId("C");
        String eventId = ask(channel, QUESTION);

        List<String> methods = SLACK.methodsIn(channel).stream()
                .filter(method -> method.startsWith("chat.")).toList();
        assertThat(methods).first().isEqualTo("chat.startStream");
        assertThat(methods).last().isEqualTo("chat.stopStream");
        assertThat(methods).as("appends batched between the start and the stop").contains("chat.appendStream")
                .doesNotContain("chat.postMessage", "chat.update");
        assertThat(SLACK.messages().stream().filter(message -> channel.equals(message.channel())))
                .as("one message").singleElement()
                .satisfies(message -> assertThat(message.ts()).isEqualTo(replyTs(eventId)));
        assertThat(callsIn("chat.startStream", channel).get(0).get("recipient_user_id")).isEqualTo("U0REP0001");

        String shown = streamedText(channel);
        assertThat(shown).startsWith("Acme pushed back on **pricing**")
                .contains("&lt;!channel&gt;", "&lt;@U0BOSS&gt;", "&lt;b&gt;now&lt;/b&gt;",
                        "[the plan page](https://beacon.example/plans?a=1&amp;b=2)",
                        "\\[click\\](javascript:alert(1))", "Answered from")
                .doesNotContain("<!channel>", "<@U0BOSS>", "<b>", "[click](");
        Map<String, String> stop = callsIn("chat.stopStream", channel).get(0);
        assertThat(stop.get("blocks")).as("the calls cited and the feedback buttons under the text")
                .contains("feedback_buttons", "\"type\":\"divider\"");
    }

    @Test
    void aRecapOpensWithItsHeadingInBoldAndTheFirstWordsUnderIt() {
        OPEN_AI.answerStreamedOver("Acme wants SSO before signing.", 5, 500);
        OPEN_AI.answerWhen("response_format", "{\"intent\":\"meeting_summary\",\"confidence\":0.95}");
        String channel = SlackTestApps.freshId("C");
        ask(channel, "summarize the last Acme call");

        assertThat(callsIn("chat.startStream", channel)).singleElement().satisfies(start ->
                assertThat(start.get("markdown_text")).startsWith("**Recap of ").contains("**\nAcme")
                        .doesNotContain("\n*Recap"));
        assertThat(streamedText(channel)).contains("Acme wants SSO before signing.");
    }

    @Test
    void aFailedAppendEndsAsOneMessageWithTheWholeAnswer() {
        llmWrites("Acme pushed back on pricing twice, and asked for a discount on the annual plan. "
                + "They want a written quote by Friday (Acme — Pricing review, 2026-11-12).");
        SLACK.answerError("chat.appendStream", "message_not_in_streaming_state");
        String channel = SlackTestApps.freshId("C");
        String eventId = ask(channel, QUESTION);

        assertThat(callsIn("chat.appendStream", channel)).as("no append after the one that failed").hasSize(1);
        assertThat(SLACK.messages().stream().filter(message -> channel.equals(message.channel())))
                .as("one message").hasSize(1);
        List<Map<String, String>> updates = callsIn("chat.update", channel);
        assertThat(updates).singleElement().satisfies(update -> {
            assertThat(update.get("ts")).isEqualTo(replyTs(eventId));
            assertThat(update.get("blocks")).contains("written quote by Friday", "feedback_buttons");
        });
        List<String> methods = SLACK.methodsIn(channel);
        assertThat(methods.indexOf("chat.stopStream")).as("the stream ended before its text is replaced")
                .isBetween(0, methods.indexOf("chat.update"));
    }

    @Test
    void anLlmThatFailsPartWayLeavesOneMessageWithTheExcerpts() {
        OPEN_AI.answerStreamBreakingAfter("Acme pushed back on");
        OPEN_AI.answerWhen("response_format", "{\"intent\":\"meeting_question\",\"confidence\":0.95}");
        String channel = SlackTestApps.freshId("C");
        ask(channel, QUESTION);

        assertThat(callsIn("chat.startStream", channel)).singleElement()
                .as("the first word shown as it came").satisfies(start ->
                        assertThat(start.get("markdown_text")).startsWith("Acme"));
        assertThat(SLACK.messages().stream().filter(message -> channel.equals(message.channel()))).hasSize(1);
        assertThat(callsIn("chat.update", channel)).singleElement().satisfies(update ->
                assertThat(update.get("blocks")).contains("Relevant excerpts (not a generated answer)"));
    }

    @Test
    void aRetryAfterACrashMidStreamEndsTheStreamAndShowsTheWholeAnswerInIt() {
        llmWrites("Acme pushed back on pricing (Acme — Pricing review, 2026-11-12).");
        String channel = SlackTestApps.freshId("C");
        String eventId = SlackTestApps.freshId("Ev");
        String streamTs = "1700000300.123456";
        long now = System.currentTimeMillis();
        // What a process killed while the answer streamed leaves: the stream's ts, no answer, no done.
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO slack_inbox (event_id, correlation_id, event_type, "
                        + "payload, status, attempts, next_attempt_at, received_at, updated_at, answer_posting_at, "
                        + "reply_ts, reply_streamed) VALUES (:id, 'c0ffee01', 'app_mention', :payload, 'pending', 1, "
                        + ":now, :now, :now, :now, :ts, TRUE)")
                .bind("id", eventId).bind("now", now).bind("ts", streamTs)
                .bind("payload", new InboxMessage(eventId, "app_mention", QUESTION, "U0REP0001",
                        java.util.Optional.of("T0PITCREW"), channel, "1700000000.000042", java.util.Optional.empty())
                        .toJson())
                .execute());
        slack.deliver(SlackDeliveries.message("app_mention", SlackTestApps.freshId("Ev"), SlackTestApps.freshId("C"),
                "hello")); // wakes the worker
        SlackTestApps.awaitDone(jdbi, eventId);

        assertThat(SLACK.methodsIn(channel).stream().filter(method -> method.startsWith("chat.")))
                .as("no second message: the stream is stopped, then its text replaced")
                .containsExactly("chat.stopStream", "chat.update");
        assertThat(callsIn("chat.update", channel)).singleElement().satisfies(update -> {
            assertThat(update.get("ts")).isEqualTo(streamTs);
            assertThat(update.get("blocks")).contains("Acme pushed back on pricing", "feedback_buttons");
        });
    }

    @Test
    void aStreamRefusedForOneAnswerPostsThatOneWholeAndTheNextStillStreams() {
        llmWrites("Acme pushed back on pricing (Acme — Pricing review, 2026-11-12).");
        SLACK.answerErrorNext("chat.startStream", "messaging_processing_failed");
        String channel = SlackTestApps.freshId("C");
        ask(channel, QUESTION);
        ask(channel, "what did Acme say about the discount?");

        assertThat(callsIn("chat.startStream", channel)).as("tried for both").hasSize(2);
        assertThat(callsIn("chat.postMessage", channel)).as("the refused one, whole").hasSize(1);
        assertThat(callsIn("chat.stopStream", channel)).as("the next one streamed").hasSize(1);
        assertThat(SLACK.messages().stream().filter(message -> channel.equals(message.channel()))).hasSize(2);
    }

    @Test
    @Order(Integer.MAX_VALUE) // the pause it causes lasts the app's life: last, so the others still stream
    void whereSlackRefusesToStreamAnswersArePostedWholeAndStreamingPauses() {
        llmWrites("Acme pushed back on pricing (Acme — Pricing review, 2026-11-12).");
        SLACK.answerError("chat.startStream", "not_allowed_token_type");
        String channel = SlackTestApps.freshId("C");
        ask(channel, QUESTION);
        ask(channel, "what did Acme say about the discount?");

        assertThat(callsIn("chat.startStream", channel)).as("tried once, then paused").hasSize(1);
        assertThat(callsIn("chat.postMessage", channel)).hasSize(2)
                .allSatisfy(post -> assertThat(post.get("blocks")).contains("feedback_buttons"));
        assertThat(SLACK.messages().stream().filter(message -> channel.equals(message.channel()))).hasSize(2);
        assertThat(callsIn("chat.stopStream", channel)).isEmpty();
    }
}
