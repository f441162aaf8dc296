package com.pitcrew.slack;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Table {@code slack_inbox}: events stored before the ack, keyed by {@code event_id}, and the lease protocol that
 * lets any number of instances share them without two ever working on one row. Every state change after a claim is
 * fenced on {@code locked_by}, so a process that lost its lease cannot overwrite the new owner's work.
 * Stateless over Jdbi: thread-safe.
 */
final class SlackInbox {

    static final String PENDING = "pending";
    static final String DONE = "done";
    static final String FAILED = "failed";

    private final Jdbi jdbi;

    SlackInbox(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    enum Stored { NEW, DUPLICATE }

    /**
     * A claimed row: what to answer, how often it was tried, and the reply already posted for it, if any.
     * {@code answerMaybePosted}: an earlier attempt began posting the answer and recorded no ts (it crashed or lost
     * Slack's response inside that call), so the answer may already be in the thread. The payload stays raw so that
     * one that cannot be read fails its own row in the worker, not the claim of a batch. {@code replyStreamed}: the
     * message at the reply ts was opened as a stream, which may still be open.
     */
    record Row(String eventId, String correlationId, String payload, int attempts, Optional<String> replyTs,
               Optional<String> replyJson, boolean answerMaybePosted, long receivedAt, boolean replyStreamed) {

        /** The stored message; throws when the payload is unreadable or incomplete (a poison row). */
        InboxMessage message() {
            return InboxMessage.fromJson(payload);
        }
    }

    /** Inbox health at one moment. */
    record Stats(long pending, long failed, Optional<Long> oldestDueMillis) {
    }

    /** Due rows no instance holds: events waiting for a worker, and since when the oldest waits. */
    record Waiting(long count, Optional<Long> oldestDueMillis) {
    }

    private static final String INSERT = """
            INSERT INTO slack_inbox (event_id, correlation_id, event_type, team_id, channel_id, user_id,
                payload, status, attempts, next_attempt_at, received_at, updated_at)
            VALUES (:eventId, :correlationId, :eventType, :teamId, :channelId, :userId, :payload,
                'pending', 0, :now, :now, :now)""";

    /** An event to store, with the correlation id it is answered under and when it arrived. */
    record Arrival(InboxMessage message, String correlationId, long now) {
    }

    /** Inserts the event; a second insert of the same event id (a retry, another instance) is a duplicate. */
    Stored store(InboxMessage message, String correlationId, long now) {
        try {
            jdbi.useHandle(handle -> bind(handle.createUpdate(INSERT), new Arrival(message, correlationId, now))
                    .execute());
            return Stored.NEW;
        } catch (StatementException e) {
            if (isDuplicateKey(e)) {
                return Stored.DUPLICATE;
            }
            throw e;
        }
    }

    /**
     * Stores a batch in one transaction (one commit, which is what an insert costs), returning each arrival's
     * outcome in order: an event id already stored, or earlier in the batch, is a duplicate. When another writer
     * stores one of the ids between our check and our insert, the batch is rolled back and stored row by row.
     */
    List<Stored> storeAll(List<Arrival> arrivals) {
        if (arrivals.isEmpty()) {
            return List.of();
        }
        try {
            return jdbi.inTransaction(handle -> {
                Set<String> present = new HashSet<>(handle.createQuery(
                                "SELECT event_id FROM slack_inbox WHERE event_id IN (<ids>)")
                        .bindList("ids", arrivals.stream().map(arrival -> arrival.message().eventId()).toList())
                        .mapTo(String.class)
                        .list());
                List<Stored> outcomes = new ArrayList<>(arrivals.size());
                PreparedBatch batch = handle.prepareBatch(INSERT);
                for (Arrival arrival : arrivals) {
                    if (present.add(arrival.message().eventId())) {
                        bind(batch, arrival).add();
                        outcomes.add(Stored.NEW);
                    } else {
                        outcomes.add(Stored.DUPLICATE);
                    }
                }
                if (batch.size() > 0) {
                    batch.execute();
                }
                return outcomes;
            });
        } catch (JdbiException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            return arrivals.stream().map(arrival -> store(arrival.message(), arrival.correlationId(),
                    arrival.now())).toList();
        }
    }

    private static <T extends SqlStatement<T>> T bind(T statement, Arrival arrival) {
        InboxMessage message = arrival.message();
        return statement
                .bind("eventId", message.eventId())
                .bind("correlationId", arrival.correlationId())
                .bind("eventType", message.eventType())
                .bind("teamId", message.teamId().orElse(null))
                .bind("channelId", message.channelId())
                .bind("userId", message.userId())
                .bind("payload", message.toJson())
                .bind("now", arrival.now());
    }

    /** SQLState class 23 is an integrity violation on H2, MySQL and MariaDB alike; the primary key is the only one. */
    static boolean isDuplicateKey(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    /**
     * Claims up to {@code limit} due rows for {@code owner} until {@code now + leaseMillis}. Candidates are read
     * first, then taken with one conditional UPDATE; the rows this caller won are those among the candidates it now
     * holds until exactly {@code now + leaseMillis}: two instances racing for a row cannot both hold it. Rows whose
     * lease expired (a dead process) are due again. One caller per owner (the instance's poller).
     */
    List<Row> claimDue(String owner, int limit, long now, long leaseMillis) {
        if (limit <= 0) {
            return List.of();
        }
        return jdbi.withHandle(handle -> {
            List<String> candidates = handle.createQuery("""
                            SELECT event_id FROM slack_inbox
                            WHERE status = 'pending' AND next_attempt_at <= :now
                              AND (locked_until IS NULL OR locked_until < :now)
                            ORDER BY next_attempt_at LIMIT :limit""")
                    .bind("now", now)
                    .bind("limit", limit)
                    .mapTo(String.class)
                    .list();
            if (candidates.isEmpty()) {
                return List.of();
            }
            // One conditional UPDATE for the batch: a row still unlocked and due at :now is won by this caller and
            // no other (the condition is checked row by row, atomically). Re-read after winning, only among the
            // candidates: the previous owner may have recorded a reply ts after our SELECT.
            handle.createUpdate("""
                            UPDATE slack_inbox SET locked_by = :owner, locked_until = :until,
                                attempts = attempts + 1, updated_at = :now
                            WHERE event_id IN (<ids>) AND status = 'pending' AND next_attempt_at <= :now
                              AND (locked_until IS NULL OR locked_until < :now)""")
                    .bind("owner", owner)
                    .bind("until", now + leaseMillis)
                    .bind("now", now)
                    .bindList("ids", candidates)
                    .execute();
            return handle.createQuery("""
                            SELECT event_id, correlation_id, payload, attempts, reply_ts, reply_json,
                                answer_posting_at, received_at, reply_streamed
                            FROM slack_inbox
                            WHERE event_id IN (<ids>) AND locked_by = :owner AND locked_until = :until
                            ORDER BY next_attempt_at""")
                    .bindList("ids", candidates)
                    .bind("owner", owner)
                    .bind("until", now + leaseMillis)
                    .map((rs, ctx) -> new Row(rs.getString("event_id"), rs.getString("correlation_id"),
                            rs.getString("payload"), rs.getInt("attempts"),
                            Optional.ofNullable(rs.getString("reply_ts")),
                            Optional.ofNullable(rs.getString("reply_json")),
                            rs.getObject("answer_posting_at") != null && rs.getString("reply_ts") == null,
                            rs.getLong("received_at"), rs.getBoolean("reply_streamed")))
                    .list();
        });
    }

    /** Extends the lease; false when {@code owner} no longer holds the row and must stop touching Slack for it. */
    boolean renew(String eventId, String owner, long now, long leaseMillis) {
        return updateHeldRow("UPDATE slack_inbox SET locked_until = :until, updated_at = :now "
                + "WHERE event_id = :eventId AND locked_by = :owner AND status = 'pending'",
                eventId, owner, now, Map.of("until", now + leaseMillis));
    }

    /** Written just before the answer is posted: with no reply ts after it, a crash fell inside that one call. */
    boolean recordAnswerPosting(String eventId, String owner, long now) {
        return updateHeldRow("UPDATE slack_inbox SET answer_posting_at = :now, updated_at = :now "
                + "WHERE event_id = :eventId AND locked_by = :owner AND status = 'pending'",
                eventId, owner, now, Map.of());
    }

    boolean recordReplyTs(String eventId, String owner, String replyTs, long now) {
        return updateHeldRow("UPDATE slack_inbox SET reply_ts = :replyTs, updated_at = :now "
                + "WHERE event_id = :eventId AND locked_by = :owner AND status = 'pending'",
                eventId, owner, now, Map.of("replyTs", replyTs));
    }

    /** Right after {@code chat.startStream}: the answer is streaming into the message at {@code replyTs}. */
    boolean recordStreamTs(String eventId, String owner, String replyTs, long now) {
        return updateHeldRow("UPDATE slack_inbox SET reply_ts = :replyTs, reply_streamed = TRUE, updated_at = :now "
                + "WHERE event_id = :eventId AND locked_by = :owner AND status = 'pending'",
                eventId, owner, now, Map.of("replyTs", replyTs));
    }

    /**
     * Keeps the computed answer with the event, so a retry shows it again instead of recomputing it; extends the
     * lease in the same write.
     */
    boolean recordReply(String eventId, String owner, String replyJson, long now, long leaseMillis) {
        return updateHeldRow("UPDATE slack_inbox SET reply_json = :replyJson, locked_until = :until, "
                + "updated_at = :now WHERE event_id = :eventId AND locked_by = :owner AND status = 'pending'",
                eventId, owner, now, Map.of("replyJson", replyJson, "until", now + leaseMillis));
    }

    /**
     * Right before the answer's post: the answer (when it is not stored yet) and the intent to post it, in one fenced
     * write that also extends the lease, so the post costs the database one commit before it and one after.
     */
    boolean recordPosting(String eventId, String owner, Optional<String> replyJson, long now, long leaseMillis) {
        return replyJson.isPresent()
                ? updateHeldRow("UPDATE slack_inbox SET reply_json = :replyJson, answer_posting_at = :now, "
                        + "locked_until = :until, updated_at = :now "
                        + "WHERE event_id = :eventId AND locked_by = :owner AND status = 'pending'",
                        eventId, owner, now, Map.of("replyJson", replyJson.get(), "until", now + leaseMillis))
                : updateHeldRow("UPDATE slack_inbox SET answer_posting_at = :now, locked_until = :until, "
                        + "updated_at = :now WHERE event_id = :eventId AND locked_by = :owner AND status = 'pending'",
                        eventId, owner, now, Map.of("until", now + leaseMillis));
    }

    /**
     * The answer is in Slack at {@code replyTs}: the row is done, and {@code sameCommit} (tying the reply to its
     * interaction) runs in the same transaction, so answering costs one commit here instead of three.
     */
    boolean markAnswered(String eventId, String owner, String replyTs, long now, Consumer<Handle> sameCommit) {
        return jdbi.inTransaction(handle -> {
            boolean held = handle.createUpdate("UPDATE slack_inbox SET reply_ts = :replyTs, status = 'done', "
                            + "locked_by = NULL, locked_until = NULL, last_error = NULL, updated_at = :now "
                            + "WHERE event_id = :eventId AND locked_by = :owner AND status = 'pending'")
                    .bind("replyTs", replyTs).bind("now", now).bind("eventId", eventId).bind("owner", owner)
                    .execute() == 1;
            if (held) {
                sameCommit.accept(handle);
            }
            return held;
        });
    }

    /** Releases the row for another attempt at {@code nextAttemptAt}. */
    boolean reschedule(String eventId, String owner, long nextAttemptAt, String error, long now) {
        return updateHeldRow("UPDATE slack_inbox SET locked_by = NULL, locked_until = NULL, "
                + "next_attempt_at = :next, last_error = :error, updated_at = :now "
                + "WHERE event_id = :eventId AND locked_by = :owner AND status = 'pending'",
                eventId, owner, now, Map.of("next", nextAttemptAt, "error", truncate(error)));
    }

    boolean markFailed(String eventId, String owner, String error, long now) {
        return updateHeldRow("UPDATE slack_inbox SET status = 'failed', locked_by = NULL, locked_until = NULL, "
                + "last_error = :error, updated_at = :now WHERE event_id = :eventId AND locked_by = :owner",
                eventId, owner, now, Map.of("error", truncate(error)));
    }

    /**
     * An operator's second chance for events marked failed (one, or all of them): pending and due now, with a
     * fresh set of attempts. Returns how many rows were requeued.
     */
    int requeueFailed(Optional<String> eventId, long now) {
        String sql = "UPDATE slack_inbox SET status = 'pending', attempts = 0, next_attempt_at = :now, "
                + "locked_by = NULL, locked_until = NULL, updated_at = :now WHERE status = 'failed'"
                + (eventId.isPresent() ? " AND event_id = :eventId" : "");
        return jdbi.withHandle(handle -> {
            var update = handle.createUpdate(sql).bind("now", now);
            eventId.ifPresent(id -> update.bind("eventId", id));
            return update.execute();
        });
    }

    /**
     * At start: rows held by an earlier run of this instance ({@code ownerPrefix}; empty when the database lets no
     * other process in) become due at once. The prefix holds no LIKE wildcard: the instance id allows none.
     */
    int releaseEarlierRuns(String owner, String ownerPrefix, long now) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE slack_inbox SET locked_by = NULL, "
                        + "locked_until = NULL, updated_at = :now WHERE status = 'pending' AND locked_by IS NOT NULL "
                        + "AND locked_by <> :owner AND locked_by LIKE :pattern")
                .bind("now", now).bind("owner", owner).bind("pattern", ownerPrefix + "%").execute());
    }

    /** On a clean stop: rows this process still holds become due at once for the next owner. */
    int releaseAll(String owner, long now) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE slack_inbox SET locked_by = NULL, "
                        + "locked_until = NULL, updated_at = :now WHERE locked_by = :owner AND status = 'pending'")
                .bind("now", now).bind("owner", owner).execute());
    }

    /**
     * For the busy notice: takes {@code eventId} for {@code owner} while no reply was posted, none began posting and
     * nobody holds it, without counting an attempt. False when a worker (or another notice) got there first.
     */
    boolean claimForNotice(String eventId, String owner, long now, long leaseMillis) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE slack_inbox SET locked_by = :owner, locked_until = :until, updated_at = :now
                        WHERE event_id = :eventId AND status = 'pending' AND reply_ts IS NULL
                          AND answer_posting_at IS NULL AND (locked_until IS NULL OR locked_until < :now)""")
                .bind("owner", owner).bind("until", now + leaseMillis).bind("now", now).bind("eventId", eventId)
                .execute()) == 1;
    }

    /**
     * Ends a notice: records the posted message (if any) as the event's reply and frees the row for a worker.
     * {@code notPosted}: Slack refused the notice, so nothing is in the thread and the posting mark is cleared;
     * otherwise a mark without a ts stays, and the worker counts its post as a possible second message.
     */
    boolean endNotice(String eventId, String owner, Optional<String> replyTs, boolean notPosted, long now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE slack_inbox SET reply_ts = COALESCE(:replyTs, reply_ts), locked_by = NULL,
                            locked_until = NULL, updated_at = :now,
                            answer_posting_at = CASE WHEN :notPosted THEN NULL ELSE answer_posting_at END
                        WHERE event_id = :eventId AND locked_by = :owner""")
                .bind("replyTs", replyTs.orElse(null)).bind("notPosted", notPosted).bind("now", now)
                .bind("eventId", eventId).bind("owner", owner).execute()) == 1;
    }

    Waiting waiting(long now) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT COUNT(*) AS waiting, MIN(next_attempt_at) AS oldest FROM slack_inbox
                        WHERE status = 'pending' AND next_attempt_at <= :now
                          AND (locked_until IS NULL OR locked_until < :now)""")
                .bind("now", now)
                .map((rs, ctx) -> {
                    long oldest = rs.getLong("oldest");
                    return new Waiting(rs.getLong("waiting"), rs.wasNull() ? Optional.empty() : Optional.of(oldest));
                })
                .one());
    }

    Stats stats(long now) {
        return jdbi.withHandle(handle -> {
            long pending = handle.createQuery("SELECT COUNT(*) FROM slack_inbox WHERE status = 'pending'")
                    .mapTo(Long.class).one();
            long failed = handle.createQuery("SELECT COUNT(*) FROM slack_inbox WHERE status = 'failed'")
                    .mapTo(Long.class).one();
            Optional<Long> oldestDue = handle.createQuery("SELECT MIN(next_attempt_at) FROM slack_inbox "
                            + "WHERE status = 'pending' AND next_attempt_at <= :now")
                    .bind("now", now)
                    .mapTo(Long.class).findOne();
            return new Stats(pending, failed, oldestDue);
        });
    }

    /** One fenced update of a row {@code owner} holds; true when it still held it. */
    private boolean updateHeldRow(String sql, String eventId, String owner, long now, Map<String, Object> extra) {
        return jdbi.withHandle(handle -> handle.createUpdate(sql)
                .bind("eventId", eventId).bind("owner", owner).bind("now", now)
                .bindMap(extra)
                .execute()) == 1;
    }

    private static String truncate(String error) {
        String text = error == null ? "unknown error" : error;
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
