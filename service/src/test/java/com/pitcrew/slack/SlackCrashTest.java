package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pitcrew.storage.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an operator's {@code kill -9} and an orchestrator's SIGTERM do to acknowledged events, on the real service
 * in a child JVM: every event Slack got a 200 for is answered after the restart in one message, no progress sign is
 * left on any question, and a stop under load logs no error. An answer may be posted twice only for a row the kill
 * caught inside its one {@code chat.postMessage} (recorded as begun, no ts), which the test reads from the database
 * between the kill and the restart. On the embedded H2 default always, and on MySQL/MariaDB when
 * {@code PITCREW_TEST_MYSQL_URL} is set.
 */
class SlackCrashTest {

    private static final int EVENTS = 20;
    private static final FakeSlack SLACK = new FakeSlack();

    @TempDir
    Path workDir;

    @AfterAll
    static void stopFakes() {
        SLACK.close();
    }

    /** One Slack event, each in its own channel so its placeholder and answer can be told apart. */
    private record Sent(String eventId, String channel, int status) {
    }

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    private TestDatabase database(String kind) {
        return kind.equals("h2") ? TestDatabase.h2File(workDir) : TestDatabase.create(kind);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyEventAcknowledgedBeforeASigkillIsAnsweredOnceAfterTheRestart(String kind) throws Exception {
        SLACK.resetCalls();
        try (TestDatabase database = database(kind)) {
            List<Sent> acked;
            try (ChildService first = ChildService.start(workDir, "first", database, SLACK)) {
                acked = acknowledged(deliverAtOnce(first.port()));
                // Straight after the last 200, no pause: what the ack promised must already be on disk.
                first.kill();
            }
            assertThat(acked).as("every event acknowledged").hasSize(EVENTS);
            long answeredBeforeKill = answeredChannels(acked);
            Set<String> killedWhilePosting = killedWhilePosting(database);

            try (ChildService second = ChildService.start(workDir, "second", database, SLACK)) {
                awaitAnswered(acked, second);
                second.terminate();
            }
            long doubled = assertAnsweredOnce(acked, database, killedWhilePosting);
            System.out.printf("[measure] SIGKILL after the last ack on %s: %d acknowledged, %d answered before "
                            + "the kill, %d answered after the restart, %d killed inside chat.postMessage, %d answers "
                            + "shown twice, %d progress signs left%n", kind, acked.size(), answeredBeforeKill,
                    answeredChannels(acked), killedWhilePosting.size(), doubled, signsLeft(acked));
        }
    }

    @Test
    void aSigtermUnderLoadLogsNoErrorAndLosesNothing() throws Exception {
        SLACK.resetCalls();
        try (TestDatabase database = TestDatabase.h2File(workDir)) {
            List<Sent> acked;
            List<String> output;
            try (ChildService service = ChildService.start(workDir, "loaded", database, SLACK)) {
                acked = acknowledged(deliverAtOnce(service.port()));
                // The workers are still answering: stop now, as an orchestrator would.
                // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks (Dropwizard's stop) to the end and exited.
                assertThat(service.terminate()).as("a stop on SIGTERM, not a crash").isEqualTo(143);
                output = service.output();
            }
            assertThat(output).as("a stop under load logs no error")
                    .noneMatch(line -> line.contains("\"level\":\"ERROR\""))
                    .noneMatch(line -> line.contains("Database is already closed"))
                    .anyMatch(line -> line.contains("Slack inbox worker stopped"));

            try (ChildService restarted = ChildService.start(workDir, "restarted", database, SLACK)) {
                awaitAnswered(acked, restarted);
                restarted.terminate();
            }
            assertThat(assertAnsweredOnce(acked, database, Set.of())).as("answers shown twice").isZero();
        }
    }

    /** All events at once from several threads, as Slack delivers a busy workspace's mentions. */
    private static List<Sent> deliverAtOnce(int port) throws Exception {
        SlackDeliveries deliveries = new SlackDeliveries(port);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Sent>> futures = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                String eventId = "Ev" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase(Locale.ROOT);
                String channel = "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
                futures.add(senders.submit(() -> {
                    HttpResponse<String> response = deliveries.deliver(SlackDeliveries.message("app_mention",
                            eventId, channel, "search calls about pricing"));
                    return new Sent(eventId, channel, response.statusCode());
                }));
            }
            List<Sent> sent = new ArrayList<>();
            for (Future<Sent> future : futures) {
                sent.add(future.get());
            }
            return sent;
        } finally {
            senders.shutdownNow();
        }
    }

    private static List<Sent> acknowledged(List<Sent> sent) {
        return sent.stream().filter(event -> event.status() == 200).toList();
    }

    /**
     * Until Slack shows every answer with its sign off and the service reports nothing pending: the Slack calls of
     * a row can all be done by a run stopped before it marked the row done, which the restart then finishes.
     */
    private static void awaitAnswered(List<Sent> acked, ChildService service) {
        // Well inside the 2-minute lease: the restarted run takes back what the killed one held at once.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> answeredChannels(acked) == acked.size() && signsLeft(acked) == 0
                        && service.healthcheck().contains("0 pending, 0 failed"));
    }

    /** Channels with an answer posted. */
    private static long answeredChannels(List<Sent> acked) {
        Set<String> answered = SLACK.posted().stream().map(FakeSlack.Posted::channel).collect(Collectors.toSet());
        return acked.stream().filter(event -> answered.contains(event.channel())).count();
    }

    /** Questions whose progress sign is still on: the last reaction call in their channel was not a removal. */
    private static long signsLeft(List<Sent> acked) {
        return acked.stream().filter(event -> {
            List<String> reactions = SLACK.methodsIn(event.channel()).stream()
                    .filter(method -> method.startsWith("reactions.")).toList();
            return !reactions.isEmpty() && !reactions.get(reactions.size() - 1).equals("reactions.remove");
        }).count();
    }

    /** Rows the kill caught between recording that the answer was being posted and recording its ts. */
    private static Set<String> killedWhilePosting(TestDatabase database) {
        return Set.copyOf(SlackTestApps.jdbi(database).withHandle(handle -> handle.createQuery(
                        "SELECT event_id FROM slack_inbox WHERE answer_posting_at IS NOT NULL AND reply_ts IS NULL")
                .mapTo(String.class).list()));
    }

    /**
     * Once the service has stopped (no call can follow): each acknowledged event's answer is one message, except
     * that one the kill caught inside its post may show twice; every progress sign came off; every row is done, with
     * the ts of an answer Slack really shows. Returns how many answers were shown twice.
     */
    private static long assertAnsweredOnce(List<Sent> acked, TestDatabase database, Set<String> killedWhilePosting) {
        Map<String, String> replyTs = SlackTestApps.jdbi(database).withHandle(handle -> handle.createQuery(
                        "SELECT event_id, status, reply_ts FROM slack_inbox")
                .map((rs, ctx) -> {
                    assertThat(rs.getString("status")).as(rs.getString("event_id")).isEqualTo(SlackInbox.DONE);
                    return Map.entry(rs.getString("event_id"), rs.getString("reply_ts"));
                })
                .list()).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(replyTs).as("one row per acknowledged event").hasSize(acked.size());
        long doubled = 0;
        for (Sent event : acked) {
            List<String> messages = SLACK.postedIn(event.channel()).stream().map(FakeSlack.Posted::ts).toList();
            assertThat(messages).as("messages answering %s", event.eventId()).isNotEmpty()
                    .contains(replyTs.get(event.eventId()));
            if (messages.size() > 1) {
                doubled++;
                assertThat(killedWhilePosting).as("%s was posted twice: only a kill inside its post may do that",
                        event.eventId()).contains(event.eventId());
                assertThat(messages).as("at most one repeat").hasSize(2);
            }
        }
        assertThat(signsLeft(acked)).as("progress signs left on questions").isZero();
        return doubled;
    }
}
