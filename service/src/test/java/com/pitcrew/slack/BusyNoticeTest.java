package com.pitcrew.slack;

import com.pitcrew.support.TestThreads;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.storage.MigratedDatabase;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The busy notice against a real inbox table and the fake Slack Web API over HTTP. */
class BusyNoticeTest {

    private static final long LEASE = 60_000;

    private final MetricRegistry metrics = new MetricRegistry();
    private final FakeSlack slack = new FakeSlack();
    private MigratedDatabase database;
    private SlackInbox inbox;
    private Slack client;
    private SlackReplies replies;

    @BeforeEach
    void setUp() {
        database = MigratedDatabase.h2();
        inbox = new SlackInbox(database.jdbi());
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.apiUrl());
        config.setStatsEnabled(false);
        client = Slack.getInstance(config);
        replies = new SlackReplies(client.methods(SlackDeliveries.BOT_TOKEN), metrics);
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        database.close();
        slack.close();
    }

    private BusyNotice notice(long backlog) {
        return new BusyNotice(inbox, replies, () -> backlog, 10, "host-1234-n", TestThreads.unmanaged(), Clock.systemUTC(), metrics);
    }

    private static InboxMessage message(String eventId) {
        return new InboxMessage(eventId, "app_mention", "hello", "U1", Optional.of("T1"), "C1", "1.000001",
                Optional.empty());
    }

    @Test
    void aWaitingEventGetsTheNoticeAsItsOnePlaceholder() {
        inbox.store(message("EvBusy1"), "0000000a", 1_000);

        notice(11).post(message("EvBusy1"));

        List<Map<String, String>> posts = slack.calls("chat.postMessage");
        assertThat(posts).singleElement().satisfies(post -> {
            assertThat(post.get("text")).isEqualTo(SlackReplies.BUSY);
            assertThat(post.get("thread_ts")).isEqualTo("1.000001");
        });
        // The worker finds the notice's ts and will replace it with the answer, posting nothing new.
        List<SlackInbox.Row> claimed = inbox.claimDue("host-1234", 5, System.currentTimeMillis(), LEASE);
        assertThat(claimed).singleElement().satisfies(row -> {
            assertThat(row.replyTs()).isPresent();
            assertThat(row.answerMaybePosted()).as("posted inside the once-only window, its ts recorded").isFalse();
            assertThat(row.attempts()).as("a notice is no attempt").isEqualTo(1);
        });
        assertThat(metrics.meter("pitcrew.slack.busy_notice.sent").getCount()).isEqualTo(1);
    }

    @Test
    void anEventAWorkerAlreadyHoldsGetsNoNotice() {
        inbox.store(message("EvBusy2"), "0000000b", 1_000);
        assertThat(inbox.claimDue("host-1234", 5, System.currentTimeMillis(), LEASE)).hasSize(1);

        notice(11).post(message("EvBusy2"));

        assertThat(slack.count("chat.postMessage")).isZero();
    }

    @Test
    void belowTheBacklogNothingIsPosted() {
        inbox.store(message("EvBusy3"), "0000000c", 1_000);

        notice(10).stored(message("EvBusy3"));

        assertThat(slack.count("chat.postMessage")).isZero();
        assertThat(inbox.claimDue("host-1234", 5, System.currentTimeMillis(), LEASE)).singleElement()
                .satisfies(row -> assertThat(row.replyTs()).isEmpty());
    }

    @Test
    void anEventWhoseAnswerBeganPostingGetsNoNotice() {
        inbox.store(message("EvBusy4"), "0000000d", 1_000);
        // A worker held it, recorded that it is posting the answer, and died: its lease ran out long ago.
        assertThat(inbox.claimDue("host-dead", 5, 1_000, 1)).hasSize(1);
        assertThat(inbox.recordAnswerPosting("EvBusy4", "host-dead", 1_000)).isTrue();

        notice(11).post(message("EvBusy4"));

        assertThat(slack.count("chat.postMessage")).as("a second message could join a possibly posted answer")
                .isZero();
    }

    @Test
    void aNoticeSlackRefusedLeavesTheRowAsIfNothingWasPosted() {
        inbox.store(message("EvBusy5"), "0000000e", 1_000);
        slack.answerErrorNext("chat.postMessage", "fatal_error");

        notice(11).post(message("EvBusy5"));

        assertThat(inbox.claimDue("host-1234", 5, System.currentTimeMillis(), LEASE)).singleElement()
                .satisfies(row -> {
                    assertThat(row.replyTs()).isEmpty();
                    assertThat(row.answerMaybePosted()).isFalse();
                });
        assertThat(metrics.meter("pitcrew.slack.busy_notice.failed").getCount()).isEqualTo(1);
    }

    @Test
    void aNoticeWithAnUnknownOutcomeLeavesTheRowMarkedAsPossiblyPosted() {
        inbox.store(message("EvBusy6"), "0000000f", 1_000);
        slack.failNext("chat.postMessage");

        notice(11).post(message("EvBusy6"));

        assertThat(inbox.claimDue("host-1234", 5, System.currentTimeMillis(), LEASE)).singleElement()
                .satisfies(row -> {
                    assertThat(row.replyTs()).isEmpty();
                    assertThat(row.answerMaybePosted()).as("the worker counts its post as a possible second")
                            .isTrue();
                });
    }
}
