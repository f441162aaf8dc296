package com.pitcrew.slack;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * 👍 / 👎 on our replies (reactions and button clicks alike, so a rep doing both counts once), into
 * {@code interaction_feedback}, and the reason a 👎 was given. Feedback counts only on a message that is the reply
 * to a recorded interaction (same channel and ts), which is also how it is tied to its request. Repeated deliveries
 * hit the unique key and are no-ops. Stateless over Jdbi: thread-safe.
 */
final class FeedbackStore {

    enum Outcome { STORED, DUPLICATE, NOT_OUR_REPLY, NOT_FEEDBACK }

    private final Jdbi jdbi;

    FeedbackStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** {@code +1} or {@code -1} for thumbs up/down in any skin tone or alias; empty for any other reaction. */
    static Optional<String> normalise(String reaction) {
        if (reaction == null) {
            return Optional.empty();
        }
        String base = reaction.toLowerCase(Locale.ROOT).replaceFirst("::skin-tone-\\d$", "");
        return switch (base) {
            case "+1", "thumbsup" -> Optional.of("+1");
            case "-1", "thumbsdown" -> Optional.of("-1");
            default -> Optional.empty();
        };
    }

    /** The request a reply answered, as its cohort: {@code flag} on/off and its {@code validation}. */
    Map<String, Object> cohortOf(String channelId, String replyTs) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT correlation_id, flag_on, validation "
                        + "FROM interactions WHERE channel_id = :channel AND reply_ts = :ts ORDER BY id DESC")
                .bind("channel", channelId).bind("ts", replyTs)
                .setMaxRows(1)
                .map((rs, ctx) -> Map.<String, Object>of("requestCorrelationId", rs.getString("correlation_id"),
                        "flag", rs.getBoolean("flag_on") ? "on" : "off", "validation", rs.getString("validation")))
                .findFirst().orElse(Map.of()));
    }

    /**
     * The reason for {@code userId}'s 👎 on the reply, once: {@link Outcome#DUPLICATE} when a reason is already
     * there, {@link Outcome#NOT_OUR_REPLY} when that user gave the reply no 👎 (a forged or stale click).
     */
    Outcome storeReason(String channelId, String replyTs, String userId, String reason, long now) {
        return jdbi.withHandle(handle -> {
            int updated = handle.createUpdate("UPDATE interaction_feedback SET reason = :reason, reason_at = :now "
                            + "WHERE channel_id = :channel AND reply_ts = :ts AND user_id = :user "
                            + "AND reaction = '-1' AND reason IS NULL")
                    .bind("reason", reason).bind("now", now)
                    .bind("channel", channelId).bind("ts", replyTs).bind("user", userId)
                    .execute();
            if (updated > 0) {
                return Outcome.STORED;
            }
            boolean thumbsDown = handle.createQuery("SELECT COUNT(*) FROM interaction_feedback "
                            + "WHERE channel_id = :channel AND reply_ts = :ts AND user_id = :user AND reaction = '-1'")
                    .bind("channel", channelId).bind("ts", replyTs).bind("user", userId)
                    .mapTo(Long.class).one() > 0;
            return thumbsDown ? Outcome.DUPLICATE : Outcome.NOT_OUR_REPLY;
        });
    }

    Outcome store(String channelId, String replyTs, String userId, String reaction, long now) {
        Optional<String> normalised = normalise(reaction);
        if (normalised.isEmpty()) {
            return Outcome.NOT_FEEDBACK;
        }
        return jdbi.withHandle(handle -> {
            boolean ours = handle.createQuery("SELECT COUNT(*) FROM interactions "
                            + "WHERE channel_id = :channel AND reply_ts = :ts")
                    .bind("channel", channelId).bind("ts", replyTs)
                    .mapTo(Long.class).one() > 0;
            if (!ours) {
                return Outcome.NOT_OUR_REPLY;
            }
            try {
                handle.createUpdate("INSERT INTO interaction_feedback (channel_id, reply_ts, user_id, reaction, "
                                + "created_at) VALUES (:channel, :ts, :user, :reaction, :now)")
                        .bind("channel", channelId).bind("ts", replyTs).bind("user", userId)
                        .bind("reaction", normalised.get()).bind("now", now)
                        .execute();
                return Outcome.STORED;
            } catch (StatementException e) {
                if (SlackInbox.isDuplicateKey(e)) {
                    return Outcome.DUPLICATE;
                }
                throw e;
            }
        });
    }
}
