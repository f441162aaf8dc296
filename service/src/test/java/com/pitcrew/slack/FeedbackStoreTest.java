package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.pipeline.InteractionStore;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Feedback and the interactions it points at, on H2 and on MySQL/MariaDB. */
class FeedbackStoreTest {

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void thumbsOnOurRepliesAreStoredOncePerUser(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            Jdbi jdbi = database.jdbi();
            InteractionStore interactions = new InteractionStore(jdbi);
            interactions.record(new InteractionStore.Interaction("feedf00d", Optional.of("Ev0feed"), "U1", Optional.of("T1"),
                    Optional.of("C1"), "search_calls", 0.97, "skipped", true, false, 320, 1_000));
            interactions.attachReply("Ev0feed", "C1", "1700000000.000100");
            FeedbackStore feedback = new FeedbackStore(jdbi);

            assertThat(feedback.store("C1", "1700000000.000100", "U2", "thumbsdown::skin-tone-3", 2_000))
                    .isEqualTo(FeedbackStore.Outcome.STORED);
            assertThat(feedback.store("C1", "1700000000.000100", "U2", "-1", 2_001))
                    .as("a redelivered reaction").isEqualTo(FeedbackStore.Outcome.DUPLICATE);
            assertThat(feedback.store("C1", "1700000000.000100", "U3", "+1", 2_002))
                    .isEqualTo(FeedbackStore.Outcome.STORED);
            assertThat(feedback.store("C1", "1699999999.000001", "U2", "+1", 2_003))
                    .isEqualTo(FeedbackStore.Outcome.NOT_OUR_REPLY);
            assertThat(feedback.store("C1", "1700000000.000100", "U2", "tada", 2_004))
                    .isEqualTo(FeedbackStore.Outcome.NOT_FEEDBACK);

            long thumbsDown = jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM "
                            + "interaction_feedback f JOIN interactions i ON i.channel_id = f.channel_id "
                            + "AND i.reply_ts = f.reply_ts WHERE f.reaction = '-1' AND i.correlation_id = 'feedf00d'")
                    .mapTo(Long.class).one());
            assertThat(thumbsDown).isEqualTo(1);

            // The reason for a 👎: once, only from the user who gave it.
            assertThat(feedback.storeReason("C1", "1700000000.000100", "U3", "wrong_facts", 3_000))
                    .as("U3 gave a 👍").isEqualTo(FeedbackStore.Outcome.NOT_OUR_REPLY);
            assertThat(feedback.storeReason("C1", "1700000000.000100", "U2", "wrong_facts", 3_001))
                    .isEqualTo(FeedbackStore.Outcome.STORED);
            assertThat(feedback.storeReason("C1", "1700000000.000100", "U2", "too_slow", 3_002))
                    .isEqualTo(FeedbackStore.Outcome.DUPLICATE);
            String reason = jdbi.withHandle(handle -> handle.createQuery("SELECT reason FROM interaction_feedback "
                    + "WHERE user_id = 'U2'").mapTo(String.class).one());
            assertThat(reason).isEqualTo("wrong_facts");
        }
    }
}
