package com.pitcrew.pipeline;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Persists one row per answered request (table {@code interactions}); the rollout guards read the cohorts from it.
 * A Slack request is keyed by its event id (unique): answering the same event again replaces its row, and its reply
 * is tied to it by that key. Stateless over Jdbi: thread-safe.
 */
public final class InteractionStore {

    private final Jdbi jdbi;

    public InteractionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What is known of a request once it is answered. */
    public record Interaction(String correlationId, Optional<String> eventId, String userId, Optional<String> teamId,
                              Optional<String> channelId, String intent, double confidence, String validation,
                              boolean flagOn, boolean failed, long totalMillis, long createdAtMillis) {
    }

    /** One statement: a second answer to the same event (a retry after a crash) replaces the first, never adds. */
    public void record(Interaction interaction) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO interactions (correlation_id, event_id, user_id, team_id, channel_id, intent,
                            confidence, validation, flag_on, outcome, total_ms, created_at)
                        VALUES (:correlationId, :eventId, :userId, :teamId, :channelId, :intent, :confidence,
                            :validation, :flagOn, :outcome, :totalMs, :createdAt)
                        ON DUPLICATE KEY UPDATE correlation_id = VALUES(correlation_id), user_id = VALUES(user_id),
                            team_id = VALUES(team_id), channel_id = VALUES(channel_id), intent = VALUES(intent),
                            confidence = VALUES(confidence), validation = VALUES(validation),
                            flag_on = VALUES(flag_on), outcome = VALUES(outcome), total_ms = VALUES(total_ms),
                            created_at = VALUES(created_at)""")
                .bind("correlationId", interaction.correlationId())
                .bind("eventId", interaction.eventId().orElse(null))
                .bind("userId", interaction.userId())
                .bind("teamId", interaction.teamId().orElse(null))
                .bind("channelId", interaction.channelId().orElse(null))
                .bind("intent", interaction.intent())
                .bind("confidence", interaction.confidence())
                .bind("validation", interaction.validation())
                .bind("flagOn", interaction.flagOn())
                .bind("outcome", interaction.failed() ? "error" : "ok")
                .bind("totalMs", interaction.totalMillis())
                .bind("createdAt", interaction.createdAtMillis())
                .execute());
    }

    /** Remembers where the reply to a Slack event went, so a reaction on it can be tied back to the request. */
    public void attachReply(String eventId, String channelId, String replyTs) {
        jdbi.useHandle(handle -> attachReply(handle, eventId, channelId, replyTs));
    }

    /** The same, inside the caller's transaction (the reply's own bookkeeping), to save a commit per answer. */
    public static void attachReply(Handle handle, String eventId, String channelId, String replyTs) {
        handle.createUpdate(
                        "UPDATE interactions SET channel_id = :channelId, reply_ts = :replyTs "
                                + "WHERE event_id = :eventId")
                .bind("channelId", channelId)
                .bind("replyTs", replyTs)
                .bind("eventId", eventId)
                .execute();
    }
}
