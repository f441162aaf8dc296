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
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an operator's {@code kill -9} and an orchestrator's SIGTERM do to acknowledged events, on the real service
 * in a child JVM: every event Slack got a 200 for is answered once after the restart, and a stop under load logs
 * no error. On the embedded H2 default always, and on MySQL/MariaDB when {@code PITCREW_TEST_MYSQL_URL} is set.
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

            try (ChildService second = ChildService.start(workDir, "second", database, SLACK)) {
                awaitAnswered(acked);
                second.terminate();
            }
            assertAnsweredOnce(acked, database);
            System.out.printf("[measure] SIGKILL after the last ack on %s: %d acknowledged, %d answered before "
                            + "the kill, %d answered after the restart, %d extra placeholders%n", kind, acked.size(),
                    answeredBeforeKill, answeredChannels(acked), extraPlaceholders(acked));
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
                awaitAnswered(acked);
                restarted.terminate();
            }
            assertAnsweredOnce(acked, database);
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

    private static void awaitAnswered(List<Sent> acked) {
        // Well inside the 2-minute lease: the restarted run takes back what the killed one held at once.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> answeredChannels(acked) == acked.size());
    }

    /** Channels whose placeholder was replaced by an answer. */
    private static long answeredChannels(List<Sent> acked) {
        Set<String> answered = SLACK.calls("chat.update").stream()
                .filter(call -> !SlackReplies.PLACEHOLDER.equals(call.get("text")))
                .map(call -> call.get("channel"))
                .collect(Collectors.toSet());
        return acked.stream().filter(event -> answered.contains(event.channel())).count();
    }

    /** Placeholders posted again because a crash fell between posting one and recording it (the known window). */
    private static long extraPlaceholders(List<Sent> acked) {
        Map<String, Long> posts = SLACK.calls("chat.postMessage").stream()
                .collect(Collectors.groupingBy(call -> call.get("channel"), Collectors.counting()));
        return acked.stream().mapToLong(event -> Math.max(0, posts.getOrDefault(event.channel(), 0L) - 1)).sum();
    }

    /**
     * Once the service has stopped (no call can follow): each acknowledged event's answer went into one message,
     * and its inbox row is done. Repeating {@code chat.update} on the same message is the idempotent retry.
     */
    private static void assertAnsweredOnce(List<Sent> acked, TestDatabase database) {
        List<Map<String, String>> updates = SLACK.calls("chat.update");
        for (Sent event : acked) {
            Set<String> answeredMessages = updates.stream()
                    .filter(call -> event.channel().equals(call.get("channel")))
                    .map(call -> call.get("ts"))
                    .collect(Collectors.toSet());
            assertThat(answeredMessages).as("messages answering %s", event.eventId()).hasSize(1);
        }
        Jdbi jdbi = SlackTestApps.jdbi(database);
        Map<String, String> statuses = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT event_id, status FROM slack_inbox")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(statuses).as("one row per acknowledged event, all answered").hasSize(acked.size())
                .allSatisfy((eventId, status) -> assertThat(status).isEqualTo(SlackInbox.DONE));
    }
}
