package com.pitcrew.pipeline;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.intent.Intent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Slack thread remembers of its last answer (table {@code thread_context}, one row per thread, so any
 * instance can continue it): the intent and scope (accounts, people, time range, topic) and the question as
 * answered. A follow-up inherits from it; a row older than {@code maxAge} is forgotten (and purged with
 * retention). Losing the memory degrades a follow-up to a message read alone, never the request. Stateless over
 * Jdbi: thread-safe.
 */
public final class ThreadMemory {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadMemory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };
    static final int MAX_QUESTION = 2000;
    static final int MAX_TOPIC = 200;
    static final int MAX_NAMES = 1000;

    /** A Slack thread: the channel and the ts of its first message. */
    public record ThreadKey(String channelId, String threadTs) {
    }

    /** The thread's last answered turn. */
    public record Turn(Intent intent, MeetingScope scope, String topic, String question) {
    }

    /** A turn to remember for a thread. */
    public record Remembered(ThreadKey key, Turn turn) {
    }

    /** Where a message sits: the thread its answer goes to, and whether that thread was there before it. */
    public record Place(ThreadKey key, boolean inThread) {
    }

    private final Jdbi jdbi;
    private final Duration maxAge;
    private final Clock clock;
    private final MetricRegistry metrics;

    public ThreadMemory(Jdbi jdbi, Duration maxAge, Clock clock, MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.maxAge = maxAge;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Optional<Turn> last(ThreadKey key) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("""
                            SELECT intent, accounts, people, range_from, range_to, range_phrase, topic, question
                            FROM thread_context
                            WHERE channel_id = :channel AND thread_ts = :ts AND updated_at >= :since""")
                    .bind("channel", key.channelId()).bind("ts", key.threadTs())
                    .bind("since", clock.millis() - maxAge.toMillis())
                    .map((rs, ctx) -> {
                        Optional<MeetingScope.TimeRange> range = rs.getObject("range_from") == null
                                ? Optional.empty()
                                : Optional.of(new MeetingScope.TimeRange(Instant.ofEpochMilli(rs.getLong("range_from")),
                                        Instant.ofEpochMilli(rs.getLong("range_to")), rs.getString("range_phrase")));
                        MeetingScope scope = new MeetingScope(names(rs.getString("accounts")),
                                names(rs.getString("people")), range);
                        String topic = rs.getString("topic");
                        String question = rs.getString("question");
                        return Intent.fromWireName(rs.getString("intent"))
                                .map(intent -> new Turn(intent, scope, topic, question));
                    })
                    .findFirst()
                    .flatMap(turn -> turn));
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.threads.read_failed").inc();
            LOG.warn("Could not read what the thread remembers; the message is read alone", e);
            return Optional.empty();
        }
    }

    /** One statement: the thread's row now holds this turn. */
    public void remember(ThreadKey key, Turn turn) {
        try {
            jdbi.useHandle(handle -> remember(handle, key, turn, clock.millis()));
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.threads.write_failed").inc();
            LOG.warn("Could not remember the thread's answer; its follow-ups will be read alone", e);
        }
    }

    /** The same inside the caller's transaction (the reply's own bookkeeping), to save a commit per answer. */
    public static void remember(Handle handle, ThreadKey key, Turn turn, long now) {
        Optional<MeetingScope.TimeRange> range = turn.scope().timeRange();
        handle.createUpdate("""
                        INSERT INTO thread_context (channel_id, thread_ts, intent, accounts, people, range_from,
                            range_to, range_phrase, topic, question, updated_at)
                        VALUES (:channel, :ts, :intent, :accounts, :people, :from, :to, :phrase, :topic, :question,
                            :now)
                        ON DUPLICATE KEY UPDATE intent = VALUES(intent), accounts = VALUES(accounts),
                            people = VALUES(people), range_from = VALUES(range_from), range_to = VALUES(range_to),
                            range_phrase = VALUES(range_phrase), topic = VALUES(topic),
                            question = VALUES(question), updated_at = VALUES(updated_at)""")
                .bind("channel", key.channelId()).bind("ts", key.threadTs())
                .bind("intent", turn.intent().wireName())
                .bind("accounts", json(turn.scope().accounts()))
                .bind("people", json(turn.scope().people()))
                .bind("from", range.map(r -> r.from().toEpochMilli()).orElse(null))
                .bind("to", range.map(r -> r.to().toEpochMilli()).orElse(null))
                .bind("phrase", range.map(r -> cut(r.phrase(), 100)).orElse(null))
                .bind("topic", cut(turn.topic(), MAX_TOPIC))
                .bind("question", cut(turn.question(), MAX_QUESTION))
                .bind("now", now)
                .execute();
    }

    /**
     * A follow-up's scope: the accounts it names, else the thread's; the people it names (naming only an account
     * drops the thread's people, who belong to the old one); its time range, else the thread's.
     */
    static MeetingScope inherit(MeetingScope own, MeetingScope thread) {
        List<String> accounts = own.accounts().isEmpty() ? thread.accounts() : own.accounts();
        List<String> people = !own.people().isEmpty() ? own.people()
                : own.accounts().isEmpty() ? thread.people() : List.of();
        return new MeetingScope(accounts, people, own.timeRange().or(thread::timeRange));
    }

    /** The names as JSON, dropping the last ones while it is longer than its column. */
    private static String json(List<String> names) {
        List<String> kept = names;
        while (true) {
            try {
                String text = JSON.writeValueAsString(kept);
                if (text.length() <= MAX_NAMES || kept.isEmpty()) {
                    return text;
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("names could not be written as JSON", e);
            }
            kept = kept.subList(0, kept.size() - 1);
        }
    }

    private static List<String> names(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, NAMES);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
