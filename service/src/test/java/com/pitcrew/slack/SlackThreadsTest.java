package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.pipeline.ThreadMemory;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.FakeOpenAi;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A thread that remembers: each turn's intent and scope, through the real service, fake Slack and a fake OpenAI
 * that validates each turn as a person reading the thread would. The skip flag is on (the shipped bootstrap), so
 * a turn validated here was not allowed to skip.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SlackThreadsTest {

    private static final FakeSlack SLACK = new FakeSlack();
    private static final FakeOpenAi OPEN_AI = new FakeOpenAi();
    private static final TestDatabase DATABASE = TestDatabase.h2();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, com.pitcrew.support.TestApps.configPath(),
            SlackTestApps.overrides(DATABASE, SLACK, 2,
                    ConfigOverride.config("llm.apiKey", "test-key"),
                    ConfigOverride.config("llm.baseUrl", OPEN_AI.baseUrl()),
                    ConfigOverride.config("llm.maxRetries", "0"),
                    ConfigOverride.config("rollout.shadowSampleRate", "0")));

    private SlackDeliveries slack;
    private Jdbi jdbi;

    @BeforeEach
    void setUp() {
        slack = new SlackDeliveries(APP.getLocalPort());
        jdbi = SlackTestApps.jdbi(DATABASE);
        OPEN_AI.answer("Here is what the calls say.");
    }

    @AfterAll
    static void stopFakes() {
        SLACK.close();
        OPEN_AI.close();
    }

    private static String validatesAs(String intent) {
        return "{\"intent\":\"" + intent + "\",\"confidence\":0.95}";
    }

    /** Sends a mention (in {@code threadTs}'s thread, or top-level when null) and waits for its interaction row. */
    private Map<String, Object> say(String channel, String ts, String threadTs, String text) {
        String eventId = SlackTestApps.freshId("Ev");
        String body = threadTs == null
                ? SlackDeliveries.payload("app_mention", Map.of("EVENT_ID", eventId, "CHANNEL", channel,
                        "TEXT", text, "TS", ts))
                : SlackDeliveries.payload("app_mention_in_thread", Map.of("EVENT_ID", eventId, "CHANNEL", channel,
                        "TEXT", text, "TS", ts, "THREAD_TS", threadTs));
        assertThat(slack.deliver(body).statusCode()).isEqualTo(200);
        SlackTestApps.awaitDone(jdbi, eventId);
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT intent, validation FROM interactions WHERE event_id = :id")
                .bind("id", eventId).mapToMap().one());
    }

    private Map<String, Object> remembered(String channel, String threadTs) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT intent, accounts, people, topic, question "
                        + "FROM thread_context WHERE channel_id = :channel AND thread_ts = :ts")
                .bind("channel", channel).bind("ts", threadTs).mapToMap().one());
    }

    private static String channel() {
        return SlackTestApps.freshId("C");
    }

    @Test
    void aThreeTurnThreadKeepsItsIntentAndScopeAndTheEmailIsValidated() {
        String channel = channel();
        String first = "1700001000.000100";
        OPEN_AI.answerWhenAll(List.of("response_format", "what did Acme say about pricing?"),
                validatesAs("meeting_question"));
        OPEN_AI.answerWhenAll(List.of("response_format", "and Globex?"), validatesAs("meeting_question"));
        OPEN_AI.answerWhenAll(List.of("response_format", "draft an email to Tyler about it"),
                validatesAs("draft_email"));

        Map<String, Object> one = say(channel, first, null, "what did Acme say about pricing?");
        assertThat(one.get("intent")).isEqualTo("meeting_question");
        assertThat(remembered(channel, first)).containsEntry("accounts", "[\"Acme Corp\"]")
                .containsEntry("topic", "pricing");

        OPEN_AI.resetRequests();
        Map<String, Object> two = say(channel, "1700001000.000200", first, "and Globex?");
        assertThat(two).containsEntry("intent", "meeting_question");
        assertThat(remembered(channel, first)).containsEntry("intent", "meeting_question")
                .containsEntry("accounts", "[\"Globex\"]").containsEntry("topic", "pricing");
        // The LLM read the follow-up with the question it follows, not "and Globex?" alone.
        assertThat(OPEN_AI.requestBodies()).anySatisfy(request -> assertThat(request)
                .contains("response_format", "and Globex?", "what did Acme say about pricing?"));

        OPEN_AI.resetRequests();
        Map<String, Object> three = say(channel, "1700001000.000300", first, "draft an email to Tyler about it");
        assertThat(three).containsEntry("intent", "draft_email")
                .as("an inherited email is never sent on without validation").containsEntry("validation", "validated");
        assertThat(remembered(channel, first)).containsEntry("intent", "draft_email")
                .containsEntry("people", "[\"Tyler Chen\"]").containsEntry("topic", "pricing");
        assertThat(OPEN_AI.requestBodies()).as("the draft is about the thread's topic").anySatisfy(request ->
                assertThat(request).doesNotContain("response_format").contains("pricing"));
    }

    @Test
    void aPronounInTheThreadMeansItsAccount() {
        String channel = channel();
        String first = "1700004000.000100";
        OPEN_AI.answerWhenAll(List.of("response_format", "what did Initech say about SSO?"),
                validatesAs("meeting_question"));
        OPEN_AI.answerWhenAll(List.of("response_format", "what did they push back on the most"),
                validatesAs("meeting_question"));
        say(channel, first, null, "what did Initech say about SSO?");

        Map<String, Object> two = say(channel, "1700004000.000200", first, "what did they push back on the most");
        assertThat(two).containsEntry("intent", "meeting_question");
        assertThat(remembered(channel, first)).containsEntry("accounts", "[\"Initech\"]");
    }

    @Test
    void aNewQuestionInTheThreadStandsOnItsOwnAndAnotherThreadRemembersNothing() {
        String channel = channel();
        String first = "1700002000.000100";
        OPEN_AI.answerWhenAll(List.of("response_format", "summarize the last Initech call"),
                validatesAs("meeting_summary"));
        OPEN_AI.answerWhenAll(List.of("response_format", "what did Globex say about SSO?"),
                validatesAs("meeting_question"));
        say(channel, first, null, "summarize the last Initech call");

        OPEN_AI.resetRequests();
        say(channel, "1700002000.000200", first, "what did Globex say about SSO?");
        assertThat(remembered(channel, first)).containsEntry("intent", "meeting_question")
                .containsEntry("accounts", "[\"Globex\"]");
        assertThat(OPEN_AI.requestBodies()).noneSatisfy(request -> assertThat(request)
                .contains("a follow-up in a thread"));

        // "shorter" in a thread nobody answered before is read alone.
        OPEN_AI.resetRequests();
        say(channel, "1700002000.000900", "1700002000.000800", "shorter");
        assertThat(OPEN_AI.requestBodies()).noneSatisfy(request -> assertThat(request)
                .contains("a follow-up in a thread"));
    }

    @Test
    void aRetryThatShowsAStoredAnswerStillRemembersIt() throws Exception {
        // As a process killed after computing the answer leaves it: the answer (and its turn) stored, nothing shown.
        String channel = channel();
        String threadTs = "1700003000.000100";
        String eventId = SlackTestApps.freshId("Ev");
        ThreadMemory.Turn turn = new ThreadMemory.Turn(com.pitcrew.intent.Intent.MEETING_QUESTION,
                new com.pitcrew.pipeline.MeetingScope(List.of("Initech"), List.of(), java.util.Optional.empty()),
                "renewal", "what did Initech say about the renewal?");
        String stored = io.dropwizard.jackson.Jackson.newObjectMapper().writeValueAsString(
                new InboxWorker.StoredAnswer(com.pitcrew.pipeline.Reply.text("the stored answer"),
                        java.util.Optional.of(new ThreadMemory.Remembered(
                                new ThreadMemory.ThreadKey(channel, threadTs), turn))));
        String payload = new InboxMessage(eventId, "app_mention", turn.question(), "U0REP0001",
                java.util.Optional.of("T0PITCREW"), channel, "1700003000.000200", java.util.Optional.of(threadTs))
                .toJson();
        long now = System.currentTimeMillis();
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO slack_inbox (event_id, correlation_id, event_type, "
                        + "payload, status, attempts, next_attempt_at, reply_json, received_at, updated_at) VALUES "
                        + "(:id, 'cafe0001', 'app_mention', :payload, 'pending', 1, :now, :reply, :now, :now)")
                .bind("id", eventId).bind("payload", payload).bind("reply", stored).bind("now", now).execute());
        say(channel(), "1700003000.000900", null, "hello"); // wakes the worker
        SlackTestApps.awaitDone(jdbi, eventId);

        assertThat(SLACK.messages().stream().filter(message -> channel.equals(message.channel()))).singleElement()
                .satisfies(message -> assertThat(message.fields().get("text")).contains("the stored answer"));
        assertThat(remembered(channel, threadTs)).containsEntry("intent", "meeting_question")
                .containsEntry("accounts", "[\"Initech\"]").containsEntry("topic", "renewal");
    }
}
