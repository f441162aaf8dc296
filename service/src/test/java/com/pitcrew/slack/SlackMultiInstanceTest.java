package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Several instances on one MariaDB database, as in production; CI always sets PITCREW_TEST_MYSQL_URL. */
@EnabledIfEnvironmentVariable(named = TestDatabase.MYSQL_URL_ENV, matches = ".+")
class SlackMultiInstanceTest {

    private static final FakeSlack SLACK = new FakeSlack();

    @AfterAll
    static void stopFake() {
        SLACK.close();
    }

    private static DropwizardTestSupport<PitCrewConfiguration> start(TestDatabase database, int workers)
            throws Exception {
        DropwizardTestSupport<PitCrewConfiguration> app = new DropwizardTestSupport<>(PitCrewApplication.class,
                TestApps.configPath(), SlackTestApps.overrides(database, SLACK, workers));
        app.before();
        return app;
    }

    private static long posts(String channel, String method) {
        return SLACK.calls(method).stream().filter(call -> channel.equals(call.get("channel"))).count();
    }

    private static long rowsWithStatus(Jdbi jdbi, String status) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM slack_inbox WHERE status = :s")
                .bind("s", status).mapTo(Long.class).one());
    }

    @Test
    void eventsDeliveredSeveralTimesToTwoInstancesAreAnsweredExactlyOnce() throws Exception {
        int events = 20;
        try (TestDatabase database = TestDatabase.mysql()) {
            DropwizardTestSupport<PitCrewConfiguration> first = start(database, 2);
            DropwizardTestSupport<PitCrewConfiguration> second = start(database, 2);
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try {
                List<SlackDeliveries> instances = List.of(new SlackDeliveries(first.getLocalPort()),
                        new SlackDeliveries(second.getLocalPort()));
                Random random = new Random(42);
                List<String> channels = new ArrayList<>();
                List<Runnable> deliveries = new ArrayList<>();
                for (int i = 0; i < events; i++) {
                    String channel = String.format("CDUP%06d", i);
                    channels.add(channel);
                    String body = SlackDeliveries.message("app_mention", "EvDup" + i + "x" + random.nextInt(1000),
                            channel, "search calls about pricing, take " + i);
                    int copies = 1 + random.nextInt(4);
                    for (int copy = 0; copy < copies; copy++) {
                        SlackDeliveries target = instances.get(random.nextInt(2));
                        deliveries.add(() -> assertThat(target.deliver(body).statusCode()).isEqualTo(200));
                    }
                }
                // Shuffled over 8 senders: copies of one event race each other on both instances.
                Collections.shuffle(deliveries, random);
                List<Future<?>> sent = new ArrayList<>();
                deliveries.forEach(delivery -> sent.add(senders.submit(delivery)));
                for (Future<?> future : sent) {
                    future.get();
                }

                Jdbi jdbi = SlackTestApps.jdbi(database);
                await().atMost(Duration.ofSeconds(60)).until(() -> rowsWithStatus(jdbi, SlackInbox.DONE) == events);
                long totalPosts = channels.stream().mapToLong(channel -> posts(channel, "chat.postMessage")).sum();
                System.out.println("[measure] " + deliveries.size() + " deliveries of " + events
                        + " events to 2 instances -> " + totalPosts + " chat.postMessage calls");
                assertThat(channels).allSatisfy(channel -> {
                    assertThat(posts(channel, "chat.postMessage")).as(channel).isEqualTo(1);
                    assertThat(posts(channel, "chat.update")).as(channel).isZero();
                    assertThat(posts(channel, "reactions.add")).as(channel).isEqualTo(1);
                    assertThat(posts(channel, "reactions.remove")).as(channel).isEqualTo(1);
                });
                assertThat(totalPosts).isEqualTo(events);
                assertThat(SlackTestApps.inboxRows(jdbi)).isEqualTo(events);
            } finally {
                senders.shutdownNow();
                second.after();
                first.after();
            }
        }
    }

    @Test
    void acknowledgedEventsSurviveAStopAndAreAnsweredOnceAfterTheRestart() throws Exception {
        int events = 8;
        try (TestDatabase database = TestDatabase.mysql()) {
            Jdbi jdbi = SlackTestApps.jdbi(database);
            List<String> channels = new ArrayList<>();

            // The first process acknowledges and stores but never gets to answer (no workers), then goes away.
            DropwizardTestSupport<PitCrewConfiguration> crashed = start(database, 0);
            try {
                SlackDeliveries slack = new SlackDeliveries(crashed.getLocalPort());
                for (int i = 0; i < events; i++) {
                    String channel = String.format("CREC%06d", i);
                    channels.add(channel);
                    assertThat(slack.deliver(SlackDeliveries.message("message_im", "EvRec" + i + "y"
                            + System.nanoTime() % 1000, channel, "recap the Globex call")).statusCode())
                            .isEqualTo(200);
                }
            } finally {
                crashed.after();
            }
            assertThat(rowsWithStatus(jdbi, SlackInbox.PENDING)).isEqualTo(events);
            assertThat(channels).allSatisfy(channel -> assertThat(posts(channel, "chat.postMessage")).isZero());
            // One row was mid-flight in a process that died: its lease ran out but it still names the dead owner.
            jdbi.useHandle(handle -> handle.execute("UPDATE slack_inbox SET locked_by = 'dead-process', "
                    + "locked_until = ?, attempts = 1 WHERE event_id LIKE 'EvRec0y%'", System.currentTimeMillis() - 1));

            DropwizardTestSupport<PitCrewConfiguration> restarted = start(database, 2);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> rowsWithStatus(jdbi, SlackInbox.DONE) == events);
                assertThat(channels).allSatisfy(channel -> {
                    assertThat(posts(channel, "chat.postMessage")).as(channel).isEqualTo(1);
                    assertThat(posts(channel, "chat.update")).as(channel).isZero();
                    assertThat(posts(channel, "reactions.add")).as(channel).isEqualTo(1);
                    assertThat(posts(channel, "reactions.remove")).as(channel).isEqualTo(1);
                });
            } finally {
                restarted.after();
            }
        }
    }
}
