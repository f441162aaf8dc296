package com.pitcrew.pipeline;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Persists one row per answered request (table {@code interactions}); the rollout guards read the cohorts from it. */
public final class InteractionStore {

    private final Jdbi jdbi;

    public InteractionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What is known of a request once it is answered. */
    public record Interaction(String correlationId, String userId, Optional<String> teamId,
                              Optional<String> channelId, String intent, double confidence, String validation,
                              boolean flagOn, boolean failed, long totalMillis, long createdAtMillis) {
    }

    public void record(Interaction interaction) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO interactions (correlation_id, user_id, team_id, channel_id, intent,
                            confidence, validation, flag_on, outcome, total_ms, created_at)
                        VALUES (:correlationId, :userId, :teamId, :channelId, :intent, :confidence,
                            :validation, :flagOn, :outcome, :totalMs, :createdAt)""")
                .bind("correlationId", interaction.correlationId())
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

    /** Remembers where the reply went, so a reaction on it can be tied back to the request. */
    public void attachReply(String correlationId, String channelId, String replyTs) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE interactions SET channel_id = :channelId, reply_ts = :replyTs "
                                + "WHERE correlation_id = :correlationId")
                .bind("channelId", channelId)
                .bind("replyTs", replyTs)
                .bind("correlationId", correlationId)
                .execute());
    }
}
