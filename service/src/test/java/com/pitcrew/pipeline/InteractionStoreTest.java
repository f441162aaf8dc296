package com.pitcrew.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Interactions are keyed by the Slack event they answer, not by the 8-hex correlation id, on H2 and MySQL. */
class InteractionStoreTest {

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    private static InteractionStore.Interaction answered(String correlationId, String eventId, long at) {
        return new InteractionStore.Interaction(correlationId, Optional.of(eventId), "U1", Optional.of("T1"),
                Optional.of("C1"), "search_calls", 0.97, "skipped", true, false, 320, at);
    }

    private static List<String> replyOf(Jdbi jdbi, String eventId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COALESCE(reply_ts, '-') FROM interactions WHERE event_id = :event ORDER BY id")
                .bind("event", eventId).mapTo(String.class).list());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aReplyIsTiedToItsOwnEventEvenWhenCorrelationIdsCollide(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            InteractionStore store = new InteractionStore(database.jdbi());
            store.record(answered("c0ffee01", "Ev001", 1_000));
            store.record(answered("c0ffee01", "Ev002", 2_000));

            store.attachReply("Ev002", "C1", "1700000000.000200");

            assertThat(replyOf(database.jdbi(), "Ev002")).containsExactly("1700000000.000200");
            assertThat(replyOf(database.jdbi(), "Ev001")).as("the other request keeps no reply").containsExactly("-");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSameEventAnsweredTwiceIsOneInteraction(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            InteractionStore store = new InteractionStore(database.jdbi());
            store.record(answered("c0ffee01", "Ev001", 1_000));
            // A crash after the interaction was recorded but before the answer was kept: the pipeline runs again.
            store.record(answered("c0ffee02", "Ev001", 5_000));
            // Requests without an event (the ask command) never collide.
            store.record(new InteractionStore.Interaction("c0ffee03", Optional.empty(), "U1", Optional.empty(),
                    Optional.empty(), "help", 1.0, "skipped", true, false, 5, 6_000));
            store.record(new InteractionStore.Interaction("c0ffee03", Optional.empty(), "U1", Optional.empty(),
                    Optional.empty(), "help", 1.0, "skipped", true, false, 5, 6_000));

            List<String> rows = database.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT CONCAT(correlation_id, ':', created_at) FROM interactions WHERE event_id = 'Ev001'")
                    .mapTo(String.class).list());
            assertThat(rows).as("one row, the latest run's").containsExactly("c0ffee02:5000");
            long withoutEvent = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT COUNT(*) FROM interactions WHERE event_id IS NULL").mapTo(Long.class).one());
            assertThat(withoutEvent).isEqualTo(2);
        }
    }
}
