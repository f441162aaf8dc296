package com.pitcrew.meetings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@code meetings}, {@code meeting_turns} and {@code meeting_changes} tables. Every write of a call also
 * appends a change row in the same transaction, which is how other instances learn to re-index it. Thread-safe:
 * every call uses its own handle.
 */
final class MeetingStore {

    static final String SAMPLE = "sample";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** MySQL Connector/J refuses a larger row limit. */
    private static final int MAX_ROWS = 50_000_000;
    private static final String COLUMNS = "id, account, title, kind, started_at, duration_min, attendees";

    private final Jdbi jdbi;
    private final Clock clock;

    MeetingStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** A row of {@code meeting_changes}: call {@code meetingId} was stored, replaced or deleted. */
    record Change(long seq, String meetingId, long changedAt) {
    }

    int count() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM meetings").mapTo(Integer.class).one());
    }

    /** Stores the meetings as imported calls, replacing any with the same id, in one transaction. */
    void insertAll(List<Meeting> meetings) {
        replaceAll(meetings, "file");
    }

    /**
     * Stores {@code meetings} from {@code source} in one transaction, each replacing the call with its id if there
     * is one (its old turns go with it): a re-import never duplicates, and a half-stored call is never seen.
     */
    void replaceAll(List<Meeting> meetings, String source) {
        jdbi.useTransaction(handle -> replaceAll(handle, meetings, source, clock.millis()));
    }

    /** Whether a call with this id is stored. */
    boolean exists(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM meetings WHERE id = :id")
                .bind("id", id).mapTo(Integer.class).one() > 0);
    }

    /** Removes the call and its turns for good (a customer's right to erasure); false when there was none. */
    boolean delete(String id) {
        return jdbi.inTransaction(handle -> {
            boolean existed = remove(handle, id);
            if (existed) {
                changed(handle, List.of(id), clock.millis());
            }
            return existed;
        });
    }

    /**
     * Inserts {@code meetings} only if the table is empty, in one transaction, and returns how many were inserted.
     * Two instances starting together may both see an empty table; the loser's primary keys collide, its
     * transaction rolls back, and it reports 0 because the winner's rows are there.
     */
    int insertAllIfEmpty(List<Meeting> meetings) {
        try {
            return jdbi.inTransaction(handle -> {
                int existing = handle.createQuery("SELECT COUNT(*) FROM meetings").mapTo(Integer.class).one();
                if (existing > 0) {
                    return 0;
                }
                replaceAll(handle, meetings, SAMPLE, clock.millis());
                return meetings.size();
            });
        } catch (RuntimeException e) {
            if (count() > 0) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * Moves the sample calls still stored to these start times (the sample's relative dates anchored to today), so
     * "recent" keeps finding some however long ago they were seeded. Returns how many moved.
     */
    int redateSamples(Map<String, Instant> startTimes) {
        return jdbi.inTransaction(handle -> {
            List<String> moved = new ArrayList<>();
            for (Map.Entry<String, Instant> entry : startTimes.entrySet()) {
                int updated = handle.createUpdate("UPDATE meetings SET started_at = :at WHERE id = :id "
                                + "AND source = :sample AND started_at <> :at")
                        .bind("at", entry.getValue().toEpochMilli()).bind("id", entry.getKey())
                        .bind("sample", SAMPLE).execute();
                if (updated > 0) {
                    moved.add(entry.getKey());
                }
            }
            changed(handle, moved, clock.millis());
            return moved.size();
        });
    }

    private static void replaceAll(Handle handle, List<Meeting> meetings, String source, long now) {
        if (meetings.isEmpty()) {
            return;
        }
        for (Meeting meeting : meetings) {
            remove(handle, meeting.id());
        }
        PreparedBatch meetingRows = handle.prepareBatch("INSERT INTO meetings (" + COLUMNS + ", source, updated_at) "
                + "VALUES (:id, :account, :title, :kind, :startedAt, :duration, :attendees, :source, :now)");
        PreparedBatch turnRows = handle.prepareBatch("INSERT INTO meeting_turns (meeting_id, seq, speaker, content) "
                + "VALUES (:meeting, :seq, :speaker, :content)");
        boolean anyTurn = false;
        for (Meeting meeting : meetings) {
            meetingRows.bind("id", meeting.id())
                    .bind("account", meeting.account())
                    .bind("title", meeting.title())
                    .bind("kind", meeting.kind())
                    .bind("startedAt", meeting.startedAt().toEpochMilli())
                    .bind("duration", meeting.durationMinutes())
                    .bind("attendees", attendees(meeting.attendees()))
                    .bind("source", source)
                    .bind("now", now)
                    .add();
            for (Meeting.Turn turn : meeting.turns()) {
                turnRows.bind("meeting", meeting.id())
                        .bind("seq", turn.seq())
                        .bind("speaker", turn.speaker())
                        .bind("content", turn.text())
                        .add();
                anyTurn = true;
            }
        }
        meetingRows.execute();
        if (anyTurn) {
            turnRows.execute();
        }
        changed(handle, meetings.stream().map(Meeting::id).toList(), now);
    }

    private static boolean remove(Handle handle, String id) {
        handle.createUpdate("DELETE FROM meeting_turns WHERE meeting_id = :id").bind("id", id).execute();
        return handle.createUpdate("DELETE FROM meetings WHERE id = :id").bind("id", id).execute() > 0;
    }

    private static void changed(Handle handle, List<String> ids, long now) {
        if (ids.isEmpty()) {
            return;
        }
        PreparedBatch changes = handle.prepareBatch(
                "INSERT INTO meeting_changes (meeting_id, changed_at) VALUES (:id, :now)");
        ids.forEach(id -> changes.bind("id", id).bind("now", now).add());
        changes.execute();
    }

    /** Change rows written at or after {@code since} (epoch ms), oldest first. */
    List<Change> changesSince(long since) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT seq, meeting_id, changed_at FROM meeting_changes "
                        + "WHERE changed_at >= :since ORDER BY seq")
                .bind("since", since)
                .map((rs, ctx) -> new Change(rs.getLong("seq"), rs.getString("meeting_id"), rs.getLong("changed_at")))
                .list());
    }

    /** Deletes change rows older than {@code before}: every running instance has read them by then. */
    int pruneChanges(long before) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM meeting_changes WHERE changed_at < :before")
                .bind("before", before).execute());
    }

    /** Every meeting with its turns, newest first. Two queries, whatever the number of meetings. */
    List<Meeting> all() {
        return newest(Integer.MAX_VALUE);
    }

    /** The {@code limit} newest meetings with their turns, newest first. Two queries. */
    List<Meeting> newest(int limit) {
        return jdbi.withHandle(handle -> {
            List<Row> rows = handle.createQuery("SELECT " + COLUMNS + " FROM meetings ORDER BY started_at DESC, id")
                    .setMaxRows(Math.min(limit, MAX_ROWS))
                    .map((rs, ctx) -> new Row(rs.getString("id"), rs.getString("account"), rs.getString("title"),
                            rs.getString("kind"), rs.getLong("started_at"), rs.getInt("duration_min"),
                            rs.getString("attendees")))
                    .list();
            Set<String> wanted = new LinkedHashSet<>();
            rows.forEach(row -> wanted.add(row.id()));
            Map<String, List<Meeting.Turn>> turns = new HashMap<>();
            handle.createQuery("SELECT meeting_id, seq, speaker, content FROM meeting_turns ORDER BY meeting_id, seq")
                    .map((rs, ctx) -> {
                        String id = rs.getString("meeting_id");
                        return wanted.contains(id) ? Optional.of(Map.entry(id, new Meeting.Turn(rs.getInt("seq"),
                                rs.getString("speaker"), rs.getString("content")))) : Optional.<Map.Entry<String,
                                Meeting.Turn>>empty();
                    })
                    .forEach(row -> row.ifPresent(entry -> turns.computeIfAbsent(entry.getKey(),
                            id -> new ArrayList<>()).add(entry.getValue())));
            return rows.stream().map(row -> row.meeting(turns.getOrDefault(row.id(), List.of()))).toList();
        });
    }

    /** The stored calls among {@code ids}, with their turns; ids not stored (deleted) are absent. */
    Map<String, Meeting> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(handle -> {
            Map<String, List<Meeting.Turn>> turns = new HashMap<>();
            handle.createQuery("SELECT meeting_id, seq, speaker, content FROM meeting_turns "
                            + "WHERE meeting_id IN (<ids>) ORDER BY meeting_id, seq")
                    .bindList("ids", List.copyOf(ids))
                    .map((rs, ctx) -> Map.entry(rs.getString("meeting_id"),
                            new Meeting.Turn(rs.getInt("seq"), rs.getString("speaker"), rs.getString("content"))))
                    .forEach(row -> turns.computeIfAbsent(row.getKey(), id -> new ArrayList<>()).add(row.getValue()));
            Map<String, Meeting> found = new HashMap<>();
            handle.createQuery("SELECT " + COLUMNS + " FROM meetings WHERE id IN (<ids>)")
                    .bindList("ids", List.copyOf(ids))
                    .map((rs, ctx) -> new Row(rs.getString("id"), rs.getString("account"), rs.getString("title"),
                            rs.getString("kind"), rs.getLong("started_at"), rs.getInt("duration_min"),
                            rs.getString("attendees")))
                    .forEach(row -> found.put(row.id(), row.meeting(turns.getOrDefault(row.id(), List.of()))));
            return found;
        });
    }

    private record Row(String id, String account, String title, String kind, long startedAt, int duration,
                       String attendees) {

        Meeting meeting(List<Meeting.Turn> turns) {
            return new Meeting(id, account, title, kind, Instant.ofEpochMilli(startedAt), duration,
                    MeetingStore.attendees(attendees), turns);
        }
    }

    /** JSON array of {name, role, email, internal}; never queried by attendee. */
    static String attendees(List<Meeting.Attendee> attendees) {
        ArrayNode array = JSON.createArrayNode();
        for (Meeting.Attendee attendee : attendees) {
            ObjectNode node = array.addObject().put("name", attendee.name()).put("internal", attendee.internal());
            attendee.role().ifPresent(role -> node.put("role", role));
            attendee.email().ifPresent(email -> node.put("email", email));
        }
        return array.toString();
    }

    /** Reads both shapes: V5's array of display names ("Jamie Park (SE)") and V11's objects. */
    static List<Meeting.Attendee> attendees(String json) {
        try {
            List<Meeting.Attendee> attendees = new ArrayList<>();
            for (JsonNode node : JSON.readTree(json)) {
                attendees.add(node.isTextual() ? Meeting.Attendee.parse(node.asText())
                        : new Meeting.Attendee(node.path("name").asText(), text(node, "role"), text(node, "email"),
                        node.path("internal").asBoolean(false)));
            }
            return attendees;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attendees column is not a JSON array", e);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.path(field).isTextual() ? Optional.of(node.path(field).asText()) : Optional.empty();
    }
}
