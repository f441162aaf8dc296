package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SlackInboxTest {

    private static final long LEASE = 60_000;

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    private interface Body {
        void run(SlackInbox inbox, Jdbi jdbi) throws Exception;
    }

    private static void withInbox(String kind, Body body) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            body.run(new SlackInbox(database.jdbi()), database.jdbi());
        }
    }

    private static InboxMessage message(String eventId) {
        return new InboxMessage(eventId, "app_mention", "hello", "U1", Optional.of("T1"), "C1", "1.000001",
                Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSecondStoreOfOneEventIsADuplicate(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            assertThat(inbox.store(message("Ev1"), "0000000a", 1_000)).isEqualTo(SlackInbox.Stored.NEW);
            assertThat(inbox.store(message("Ev1"), "0000000b", 2_000)).isEqualTo(SlackInbox.Stored.DUPLICATE);
            assertThat(inbox.stats(2_000).pending()).isEqualTo(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRowIsClaimedByOneOwnerUntilItsLeaseExpires(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            inbox.store(message("Ev1"), "0000000a", 1_000);
            List<SlackInbox.Row> first = inbox.claimDue("alpha", 5, 1_000, LEASE);
            assertThat(first).singleElement().satisfies(row -> {
                assertThat(row.eventId()).isEqualTo("Ev1");
                assertThat(row.correlationId()).isEqualTo("0000000a");
                assertThat(row.attempts()).isEqualTo(1);
                assertThat(row.message()).isEqualTo(message("Ev1"));
            });
            assertThat(inbox.claimDue("beta", 5, 1_000 + LEASE - 1, LEASE)).as("lease still held").isEmpty();

            // alpha died after posting the placeholder; beta takes over once the lease has run out.
            assertThat(inbox.recordReplyTs("Ev1", "alpha", "9.000001", 2_000)).isTrue();
            List<SlackInbox.Row> second = inbox.claimDue("beta", 5, 1_000 + LEASE + 1, LEASE);
            assertThat(second).singleElement().satisfies(row -> {
                assertThat(row.attempts()).isEqualTo(2);
                assertThat(row.replyTs()).contains("9.000001");
            });
            assertThat(inbox.markAnswered("Ev1", "alpha", "9.000001", 3_000, handle -> { }))
                    .as("alpha lost the row").isFalse();
            assertThat(inbox.renew("Ev1", "alpha", 3_000, LEASE)).isFalse();
            assertThat(inbox.markAnswered("Ev1", "beta", "9.000001", 3_000, handle -> { })).isTrue();
            assertThat(inbox.claimDue("gamma", 5, 10 * LEASE, LEASE)).as("done rows are never due").isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRowLeftBetweenBeginningItsPostAndRecordingTheTsIsFlaggedToItsNextOwner(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            inbox.store(message("Ev1"), "0000000a", 1_000);
            inbox.store(message("Ev2"), "0000000b", 1_000);
            inbox.claimDue("alpha", 5, 1_000, LEASE);
            assertThat(inbox.recordAnswerPosting("Ev1", "alpha", 1_100)).isTrue();
            assertThat(inbox.recordAnswerPosting("Ev2", "alpha", 1_100)).isTrue();
            assertThat(inbox.recordReplyTs("Ev2", "alpha", "9.000002", 1_200)).isTrue();
            assertThat(inbox.recordAnswerPosting("Ev1", "beta", 1_100)).as("fenced on the owner").isFalse();
            // alpha dies here; beta takes both over once the lease runs out.
            List<SlackInbox.Row> rows = inbox.claimDue("beta", 5, 1_000 + LEASE + 1, LEASE);
            assertThat(rows).extracting(SlackInbox.Row::eventId, SlackInbox.Row::answerMaybePosted)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Ev1", true),
                            org.assertj.core.groups.Tuple.tuple("Ev2", false));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentClaimersNeverShareARow(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            for (int i = 0; i < 40; i++) {
                inbox.store(message("Ev" + i), "0000000a", 1_000);
            }
            List<String> owners = List.of("a", "b", "c", "d");
            List<List<SlackInbox.Row>> claims = owners.parallelStream()
                    .map(owner -> {
                        List<SlackInbox.Row> mine = new java.util.ArrayList<>();
                        List<SlackInbox.Row> batch;
                        do {
                            batch = inbox.claimDue(owner, 3, 1_000, LEASE);
                            mine.addAll(batch);
                        } while (!batch.isEmpty());
                        return mine;
                    })
                    .toList();
            List<String> claimed = claims.stream().flatMap(List::stream).map(SlackInbox.Row::eventId).toList();
            assertThat(claimed).hasSize(40).doesNotHaveDuplicates();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRescheduledRowWaitsAndAFailedOneIsDoneWith(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            inbox.store(message("Ev1"), "0000000a", 1_000);
            inbox.store(message("Ev2"), "0000000a", 1_000);
            inbox.claimDue("alpha", 5, 1_000, LEASE);
            assertThat(inbox.reschedule("Ev1", "alpha", 5_000, "chat.update answered HTTP 500", 1_000)).isTrue();
            assertThat(inbox.markFailed("Ev2", "alpha", "channel_not_found", 1_000)).isTrue();

            assertThat(inbox.claimDue("alpha", 5, 4_999, LEASE)).as("not due before its back-off").isEmpty();
            assertThat(inbox.claimDue("alpha", 5, 5_000, LEASE)).extracting(SlackInbox.Row::eventId)
                    .containsExactly("Ev1");
            SlackInbox.Stats stats = inbox.stats(5_000);
            assertThat(stats.pending()).isEqualTo(1);
            assertThat(stats.failed()).isEqualTo(1);
            String error = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT last_error FROM slack_inbox WHERE event_id = 'Ev2'").mapTo(String.class).one());
            assertThat(error).isEqualTo("channel_not_found");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void releasedRowsAreDueAtOnce(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            inbox.store(message("Ev1"), "0000000a", 1_000);
            inbox.claimDue("alpha", 5, 1_000, LEASE);
            assertThat(inbox.releaseAll("alpha", 1_001)).isEqualTo(1);
            assertThat(inbox.claimDue("beta", 5, 1_002, LEASE)).hasSize(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRestartTakesBackOnlyWhatItsEarlierRunsHeld(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            inbox.store(message("Ev1"), "0000000a", 1_000);
            inbox.store(message("Ev2"), "0000000b", 1_000);
            assertThat(inbox.claimDue("pod-1-aaaa", 1, 1_000, LEASE)).hasSize(1);
            assertThat(inbox.claimDue("pod-2-bbbb", 1, 1_000, LEASE)).hasSize(1);
            // pod-1 restarts as pod-1-cccc: its killed run's row is free at once, pod-2's live one is not.
            assertThat(inbox.releaseEarlierRuns("pod-1-cccc", "pod-1-", 1_001)).isEqualTo(1);
            assertThat(inbox.claimDue("pod-1-cccc", 5, 1_002, LEASE)).hasSize(1);
            assertThat(inbox.claimDue("pod-3-dddd", 5, 1_002, LEASE)).as("pod-2 still holds its lease").isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theAnswerAndThePostingIntentAreOneWriteThatExtendsTheLease(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            inbox.store(message("Ev1"), "0000000a", 1_000);
            inbox.claimDue("alpha", 5, 1_000, LEASE);
            assertThat(inbox.recordPosting("Ev1", "beta", Optional.of("{}"), 2_000, LEASE)).as("fenced").isFalse();
            assertThat(inbox.recordPosting("Ev1", "alpha", Optional.of("{\"text\":\"hi\"}"), 2_000, LEASE))
                    .isTrue();
            assertThat(inbox.claimDue("beta", 5, 1_000 + LEASE + 1, LEASE)).as("the lease now runs from 2 000")
                    .isEmpty();
            // alpha dies inside the post: its successor gets the stored answer and knows it may be in Slack.
            assertThat(inbox.claimDue("beta", 5, 2_000 + LEASE + 1, LEASE)).singleElement().satisfies(row -> {
                assertThat(row.replyJson()).contains("{\"text\":\"hi\"}");
                assertThat(row.answerMaybePosted()).isTrue();
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void markingAnsweredClosesTheRowAndRunsItsBookkeepingInTheSameCommit(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            inbox.store(message("Ev1"), "0000000a", 1_000);
            inbox.store(message("Ev2"), "0000000b", 1_000);
            inbox.claimDue("alpha", 5, 1_000, LEASE);
            List<String> ran = new java.util.ArrayList<>();
            assertThat(inbox.markAnswered("Ev1", "beta", "9.1", 2_000, handle -> ran.add("beta"))).isFalse();
            assertThat(ran).as("nothing runs for a row the caller does not hold").isEmpty();
            assertThat(inbox.markAnswered("Ev1", "alpha", "9.1", 2_000, handle -> ran.add("alpha"))).isTrue();
            assertThat(ran).containsExactly("alpha");
            // A failure in the bookkeeping rolls the whole commit back: the row stays pending and held.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> inbox.markAnswered("Ev2", "alpha", "9.2",
                    2_000, handle -> {
                        throw new IllegalStateException("bookkeeping failed");
                    })).isInstanceOf(IllegalStateException.class);
            List<String> statuses = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT CONCAT(status, ':', COALESCE(reply_ts, '-')) FROM slack_inbox ORDER BY event_id")
                    .mapTo(String.class).list());
            assertThat(statuses).containsExactly("done:9.1", "pending:-");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aBatchIsStoredInOneGoWithDuplicatesWithinItAndAlreadyStoredOnesTold(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            inbox.store(message("Ev1"), "0000000a", 1_000);
            List<SlackInbox.Stored> outcomes = inbox.storeAll(List.of(
                    new SlackInbox.Arrival(message("Ev1"), "0000000b", 2_000),
                    new SlackInbox.Arrival(message("Ev2"), "0000000c", 2_000),
                    new SlackInbox.Arrival(message("Ev3"), "0000000d", 2_000),
                    new SlackInbox.Arrival(message("Ev2"), "0000000e", 2_001)));
            assertThat(outcomes).containsExactly(SlackInbox.Stored.DUPLICATE, SlackInbox.Stored.NEW,
                    SlackInbox.Stored.NEW, SlackInbox.Stored.DUPLICATE);
            assertThat(inbox.claimDue("alpha", 10, 3_000, LEASE))
                    .extracting(SlackInbox.Row::eventId, SlackInbox.Row::correlationId)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Ev1", "0000000a"),
                            org.assertj.core.groups.Tuple.tuple("Ev2", "0000000c"),
                            org.assertj.core.groups.Tuple.tuple("Ev3", "0000000d"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentArrivalsThroughTheIntakeAreEachStoredOnceAndToldTheirOutcome(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            InboxIntake intake = new InboxIntake(inbox, java.time.Duration.ofSeconds(10),
                    new com.codahale.metrics.MetricRegistry());
            intake.start();
            try {
                // 400 deliveries of 200 events from 16 threads: every event once NEW, its retry DUPLICATE.
                java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(16);
                List<java.util.concurrent.Future<SlackInbox.Stored>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    String id = "EvI" + (i % 200);
                    results.add(senders.submit(() -> intake.store(message(id), "0000000a", 1_000)));
                }
                long fresh = 0;
                for (java.util.concurrent.Future<SlackInbox.Stored> result : results) {
                    fresh += result.get() == SlackInbox.Stored.NEW ? 1 : 0;
                }
                senders.shutdown();
                assertThat(fresh).isEqualTo(200);
                assertThat(SlackTestApps.inboxRows(jdbi)).isEqualTo(200);
            } finally {
                intake.stop();
            }
            assertThat(intake.store(message("EvAfterStop"), "0000000a", 1_000))
                    .as("stored directly once stopped").isEqualTo(SlackInbox.Stored.NEW);
            assertThat(SlackTestApps.inboxRows(jdbi)).isEqualTo(201);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEventThatCannotBeStoredFailsAloneNotTheEventsCommittedWithIt(String kind) throws Exception {
        withInbox(kind, (inbox, jdbi) -> {
            InboxIntake intake = new InboxIntake(inbox, java.time.Duration.ofSeconds(10),
                    new com.codahale.metrics.MetricRegistry());
            intake.start();
            try {
                java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(16);
                List<java.util.concurrent.Future<SlackInbox.Stored>> good = new java.util.ArrayList<>();
                List<java.util.concurrent.Future<SlackInbox.Stored>> bad = new java.util.ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String id = "EvB" + i;
                    good.add(senders.submit(() -> intake.store(message(id), "0000000a", 1_000)));
                    if (i % 25 == 0) {
                        // Longer than its column (64): no database stores it.
                        String tooLong = "EvX" + i + "x".repeat(80);
                        bad.add(senders.submit(() -> intake.store(message(tooLong), "0000000a", 1_000)));
                    }
                }
                for (java.util.concurrent.Future<SlackInbox.Stored> stored : good) {
                    assertThat(stored.get()).isEqualTo(SlackInbox.Stored.NEW);
                }
                for (java.util.concurrent.Future<SlackInbox.Stored> refused : bad) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(refused::get)
                            .isInstanceOf(java.util.concurrent.ExecutionException.class);
                }
                senders.shutdown();
                assertThat(SlackTestApps.inboxRows(jdbi)).isEqualTo(100);
            } finally {
                intake.stop();
            }
        });
    }
}
