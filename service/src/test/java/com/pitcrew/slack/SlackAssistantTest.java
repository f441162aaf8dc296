package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Slack's split-view assistant threads against fake Slack: prompts when one opens, title and status per stage. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SlackAssistantTest {

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

    private static List<Map<String, String>> assistantCalls(String method, String channel) {
        return SLACK.calls("assistant.threads." + method).stream()
                .filter(call -> channel.equals(call.get("channel_id"))).toList();
    }

    private void ask(String channel, String threadTs, String ts, String text) {
        String eventId = SlackTestApps.freshId("Ev");
        assertThat(slack.deliver(SlackDeliveries.payload("message_im_in_thread", Map.of("EVENT_ID", eventId,
                "CHANNEL", channel, "TS", ts, "THREAD_TS", threadTs, "TEXT", text))).statusCode()).isEqualTo(200);
        SlackTestApps.awaitDone(jdbi, eventId);
    }

    @Test
    void anAssistantThreadGetsPromptsThenATitleAndAStatusPerStageInsteadOfTheReaction() {
        String channel = SlackTestApps.freshId("D");
        String threadTs = "1700000050.000100";
        String started = SlackDeliveries.payload("assistant_thread_started", Map.of("EVENT_ID", SlackTestApps.freshId("Ev"),
                "CHANNEL", channel, "THREAD_TS", threadTs, "CONTEXT_CHANNEL", "C0DEALS01"));
        assertThat(slack.deliver(started).statusCode()).isEqualTo(200);
        assertThat(slack.deliver(started).statusCode()).as("a redelivery").isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> !assistantCalls("setSuggestedPrompts", channel).isEmpty());
        assertThat(assistantCalls("setSuggestedPrompts", channel)).singleElement().satisfies(call -> {
            assertThat(call.get("thread_ts")).isEqualTo(threadTs);
            assertThat(call.get("prompts")).contains("what did Acme say about onboarding?",
                    "does the Growth plan include SSO?", "draft an email to Tyler about the SSO pilot");
        });
        String context = jdbi.withHandle(handle -> handle.createQuery("SELECT context_channel_id "
                + "FROM assistant_threads WHERE channel_id = :channel").bind("channel", channel)
                .mapTo(String.class).one());
        assertThat(context).isEqualTo("C0DEALS01");

        ask(channel, threadTs, "1700000060.000100", "what did Acme say about pricing?");
        assertThat(SLACK.postedIn(channel)).singleElement()
                .satisfies(post -> assertThat(post.fields().get("thread_ts")).isEqualTo(threadTs));
        assertThat(assistantCalls("setTitle", channel)).singleElement()
                .satisfies(call -> assertThat(call.get("title")).isEqualTo("what did Acme say about pricing?"));
        assertThat(assistantCalls("setStatus", channel)).extracting(call -> call.get("status"))
                .containsExactly(AssistantThreads.READING, "is searching your calls…", "");
        assertThat(SLACK.calls("reactions.add").stream().filter(call -> channel.equals(call.get("channel"))))
                .as("the status replaces the ⏳").isEmpty();

        ask(channel, threadTs, "1700000070.000100", "does the Growth plan include SSO?");
        assertThat(assistantCalls("setTitle", channel)).as("titled once, by the first question").hasSize(1);
        assertThat(assistantCalls("setStatus", channel)).extracting(call -> call.get("status"))
                .contains("is checking the product base…");
    }

    @Test
    void aQuestionBesideADealChannelIsAboutItsAccountUnlessItNamesAnother() {
        String channel = SlackTestApps.freshId("D");
        String context = SlackTestApps.freshId("C");
        String threadTs = "1700000060.000100";
        SLACK.answerWhen("conversations.info", "channel=" + context,
                "{\"ok\":true,\"channel\":{\"id\":\"" + context + "\",\"name\":\"deal-acme\"}}");
        assertThat(slack.deliver(SlackDeliveries.payload("assistant_thread_started", Map.of("EVENT_ID",
                SlackTestApps.freshId("Ev"), "CHANNEL", channel, "THREAD_TS", threadTs, "CONTEXT_CHANNEL", context)))
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT context_channel_name FROM assistant_threads WHERE channel_id = :channel")
                .bind("channel", channel).mapTo(String.class).findOne()).filter("deal-acme"::equals).isPresent());

        ask(channel, threadTs, "1700000060.000200", "what was said about pricing?");
        assertThat(rememberedAccounts(channel, threadTs)).isEqualTo("[\"Acme Corp\"]");

        ask(channel, threadTs, "1700000060.000300", "what did Globex say about SSO?");
        assertThat(rememberedAccounts(channel, threadTs)).as("a question naming an account keeps it")
                .isEqualTo("[\"Globex\"]");
    }

    private String rememberedAccounts(String channel, String threadTs) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT accounts FROM thread_context "
                        + "WHERE channel_id = :channel AND thread_ts = :ts")
                .bind("channel", channel).bind("ts", threadTs).mapTo(String.class).one());
    }

    @Test
    void aDirectMessageOutsideAnAssistantThreadKeepsTheReaction() {
        String channel = SlackTestApps.freshId("D");
        ask(channel, "1700000080.000100", "1700000080.000200", "what did Globex say about SSO?");
        assertThat(SLACK.calls("reactions.add").stream().filter(call -> channel.equals(call.get("channel"))))
                .hasSize(1);
        assertThat(assistantCalls("setStatus", channel)).isEmpty();
    }
}
