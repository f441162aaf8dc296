package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 👍/👎 buttons under an answer, clicked through a signed {@code POST /slack/interactions}, against fake Slack. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SlackInteractionsTest {

    private static final FakeSlack SLACK = new FakeSlack();
    private static final TestDatabase DATABASE = TestDatabase.h2();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, com.pitcrew.support.TestApps.configPath(),
            SlackTestApps.overrides(DATABASE, SLACK, 2));

    private SlackDeliveries slack;
    private Jdbi jdbi;

    @BeforeEach
    void setUp() {
        slack = new SlackDeliveries(APP.getLocalPort());
        jdbi = SlackTestApps.jdbi(DATABASE);
    }

    @AfterAll
    static void stopFakes() {
        SLACK.close();
    }

    private record Answered(String channel, String questionTs, String replyTs, String blocks) {
    }

    /** Asks a question in a fresh channel and waits for its answer. */
    private Answered ask(String text) {
        String channel = SlackTestApps.freshId("C");
        String eventId = SlackTestApps.freshId("Ev");
        String body = SlackDeliveries.message("app_mention", eventId, channel, text);
        assertThat(slack.deliver(body).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !SLACK.postedIn(channel).isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbi.withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM interactions WHERE channel_id = :channel AND reply_ts IS NOT NULL")
                .bind("channel", channel).mapTo(Long.class).one()) == 1);
        FakeSlack.Posted posted = SLACK.postedIn(channel).get(0);
        return new Answered(channel, body.replaceAll("(?s).*\"ts\":\"([0-9.]+)\".*", "$1"), posted.ts(),
                posted.fields().get("blocks"));
    }

    private static String click(Answered answer, String user, String actionId, String value) {
        return SlackDeliveries.payload("block_actions", Map.of("USER", user, "CHANNEL", answer.channel(),
                "MESSAGE_TS", answer.replyTs(), "THREAD_TS", answer.questionTs(),
                "ACTION_TYPE", actionId.equals(FeedbackButtons.RATING_ACTION) ? "feedback_buttons" : "button",
                "ACTION_ID", actionId, "VALUE", value));
    }

    private List<String> feedbackRows(Answered answer) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT CONCAT(user_id, ' ', reaction, ' ', "
                        + "COALESCE(reason, '-')) FROM interaction_feedback WHERE channel_id = :channel "
                        + "AND reply_ts = :ts ORDER BY id")
                .bind("channel", answer.channel()).bind("ts", answer.replyTs())
                .mapTo(String.class).list());
    }

    private long meter(String name) {
        return APP.getEnvironment().metrics().meter(name).getCount();
    }

    @Test
    void anAnswerEndsInFeedbackButtonsAndAThumbsDownIsStoredOncePerUserWithItsReason() {
        Answered answer = ask("what did Acme say about pricing?");
        assertThat(answer.blocks()).contains("\"type\":\"context_actions\"", "\"type\":\"feedback_buttons\"",
                "\"action_id\":\"" + FeedbackButtons.RATING_ACTION + "\"");

        String down = click(answer, "U0REP0001", FeedbackButtons.RATING_ACTION, FeedbackButtons.DOWN);
        assertThat(slack.interact(down).statusCode()).isEqualTo(200);
        assertThat(slack.interact(down).statusCode()).as("a second click (or a Slack retry)").isEqualTo(200);
        assertThat(feedbackRows(answer)).containsExactly("U0REP0001 -1 -");
        // Another rep's 👍 on the same answer is theirs.
        assertThat(slack.interact(click(answer, "U0REP0002", FeedbackButtons.RATING_ACTION, FeedbackButtons.UP))
                .statusCode()).isEqualTo(200);
        assertThat(feedbackRows(answer)).containsExactly("U0REP0001 -1 -", "U0REP0002 +1 -");

        // The 👎 asks, privately and in the thread, what was wrong; one question, for the one stored 👎.
        await().atMost(Duration.ofSeconds(5)).until(() -> !SLACK.calls("chat.postEphemeral").stream()
                .filter(call -> answer.channel().equals(call.get("channel"))).toList().isEmpty());
        List<Map<String, String>> asked = SLACK.calls("chat.postEphemeral").stream()
                .filter(call -> answer.channel().equals(call.get("channel"))).toList();
        assertThat(asked).singleElement().satisfies(question -> {
            assertThat(question.get("user")).isEqualTo("U0REP0001");
            assertThat(question.get("thread_ts")).isEqualTo(answer.questionTs());
            assertThat(question.get("blocks")).contains("wrong_facts:" + answer.replyTs(), "Too slow");
        });

        String facts = click(answer, "U0REP0001", FeedbackButtons.REASON_ACTION + "_wrong_facts",
                "wrong_facts:" + answer.replyTs());
        assertThat(slack.interact(facts).statusCode()).isEqualTo(200);
        String slow = click(answer, "U0REP0001", FeedbackButtons.REASON_ACTION + "_too_slow",
                "too_slow:" + answer.replyTs());
        assertThat(slack.interact(slow).statusCode()).isEqualTo(200);
        assertThat(feedbackRows(answer)).as("the first reason stays").containsExactly(
                "U0REP0001 -1 wrong_facts", "U0REP0002 +1 -");
        // A reason for a 👎 that was never given is not stored.
        String unasked = click(answer, "U0REP0002", FeedbackButtons.REASON_ACTION + "_wrong_kind",
                "wrong_kind:" + answer.replyTs());
        long notOurs = meter("pitcrew.slack.interactions.not_our_reply");
        assertThat(slack.interact(unasked).statusCode()).isEqualTo(200);
        assertThat(meter("pitcrew.slack.interactions.not_our_reply")).isEqualTo(notOurs + 1);
        assertThat(feedbackRows(answer)).hasSize(2);
    }

    @Test
    void aReactionAndAClickByTheSameRepCountOnce() {
        Answered answer = ask("summarize the last Initech call");
        String reaction = SlackDeliveries.payload("reaction_added", Map.of("EVENT_ID", "EvR" + answer.replyTs(),
                "CHANNEL", answer.channel(), "TS", answer.replyTs(), "TEXT", "+1"));
        assertThat(slack.deliver(reaction).statusCode()).isEqualTo(200);
        assertThat(slack.interact(click(answer, "U0REP0001", FeedbackButtons.RATING_ACTION, FeedbackButtons.UP))
                .statusCode()).isEqualTo(200);
        assertThat(feedbackRows(answer)).containsExactly("U0REP0001 +1 -");
    }

    @Test
    void aForgedOrMalformedClickIsRefusedAndNothingIsStored() {
        Answered answer = ask("what did Globex say about security?");
        String down = click(answer, "U0REP0009", FeedbackButtons.RATING_ACTION, FeedbackButtons.DOWN);
        String form = "payload=" + java.net.URLEncoder.encode(down, java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> forged = slack.interactRaw(form, "v0=" + "0".repeat(64));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("bad_signature");
        assertThat(slack.interactRaw("nothing=here", null).statusCode()).isEqualTo(400);
        assertThat(slack.interactRaw("payload=%7Bnot-json", null).body()).contains("malformed_json");
        HttpResponse<String> badValue = slack.interact(click(answer, "U0REP0009", FeedbackButtons.RATING_ACTION,
                "sideways"));
        assertThat(badValue.statusCode()).isEqualTo(400);
        assertThat(badValue.body()).contains("invalid_interaction", "feedback value");
        HttpResponse<String> badReason = slack.interact(click(answer, "U0REP0009",
                FeedbackButtons.REASON_ACTION + "_x", "because:" + answer.replyTs()));
        assertThat(badReason.statusCode()).isEqualTo(400);
        assertThat(feedbackRows(answer)).isEmpty();

        // A genuine click on a message that is not one of our answers is acknowledged and not stored.
        Answered elsewhere = new Answered(answer.channel(), answer.questionTs(), "1700009999.000001", "");
        assertThat(slack.interact(click(elsewhere, "U0REP0009", FeedbackButtons.RATING_ACTION,
                FeedbackButtons.DOWN)).statusCode()).isEqualTo(200);
        assertThat(feedbackRows(elsewhere)).isEmpty();
    }
}
