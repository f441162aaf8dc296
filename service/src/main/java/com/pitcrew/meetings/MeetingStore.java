package com.pitcrew.meetings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The {@code meetings} and {@code meeting_turns} tables. Thread-safe: every call uses its own handle. */
final class MeetingStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() { };

    private final Jdbi jdbi;

    MeetingStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    int count() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM meetings").mapTo(Integer.class).one());
    }

    /** Inserts the meetings and their turns in one transaction: a half-stored call is never searchable. */
    void insertAll(List<Meeting> meetings) {
        jdbi.useTransaction(handle -> insertAll(handle, meetings));
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
                insertAll(handle, meetings);
                return meetings.size();
            });
        } catch (RuntimeException e) {
            if (count() > 0) {
                return 0;
            }
            throw e;
        }
    }

    private static void insertAll(Handle handle, List<Meeting> meetings) {
        PreparedBatch meetingRows = handle.prepareBatch("INSERT INTO meetings (id, account, title, kind, started_at, "
                + "duration_min, attendees) VALUES (:id, :account, :title, :kind, :startedAt, :duration, :attendees)");
        PreparedBatch turnRows = handle.prepareBatch("INSERT INTO meeting_turns (meeting_id, seq, speaker, content) "
                + "VALUES (:meeting, :seq, :speaker, :content)");
        for (Meeting meeting : meetings) {
            meetingRows.bind("id", meeting.id())
                    .bind("account", meeting.account())
                    .bind("title", meeting.title())
                    .bind("kind", meeting.kind())
                    .bind("startedAt", meeting.startedAt().toEpochMilli())
                    .bind("duration", meeting.durationMinutes())
                    .bind("attendees", names(meeting.attendees()))
                    .add();
            for (Meeting.Turn turn : meeting.turns()) {
                turnRows.bind("meeting", meeting.id())
                        .bind("seq", turn.seq())
                        .bind("speaker", turn.speaker())
                        .bind("content", turn.text())
                        .add();
            }
        }
        if (!meetings.isEmpty()) {
            meetingRows.execute();
            turnRows.execute();
        }
    }

    /** Every meeting with its turns, newest first. Two queries, whatever the number of meetings. */
    List<Meeting> all() {
        return jdbi.withHandle(handle -> {
            Map<String, List<Meeting.Turn>> turns = new HashMap<>();
            handle.createQuery("SELECT meeting_id, seq, speaker, content FROM meeting_turns ORDER BY meeting_id, seq")
                    .map((rs, ctx) -> Map.entry(rs.getString("meeting_id"),
                            new Meeting.Turn(rs.getInt("seq"), rs.getString("speaker"), rs.getString("content"))))
                    .forEach(row -> turns.computeIfAbsent(row.getKey(), id -> new ArrayList<>()).add(row.getValue()));
            return handle.createQuery("SELECT id, account, title, kind, started_at, duration_min, attendees "
                            + "FROM meetings ORDER BY started_at DESC, id")
                    .map((rs, ctx) -> new Meeting(rs.getString("id"), rs.getString("account"), rs.getString("title"),
                            rs.getString("kind"), Instant.ofEpochMilli(rs.getLong("started_at")),
                            rs.getInt("duration_min"), names(rs.getString("attendees")),
                            turns.getOrDefault(rs.getString("id"), List.of())))
                    .list();
        });
    }

    private static String names(List<String> names) {
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write attendee names", e);
        }
    }

    private static List<String> names(String json) {
        try {
            return JSON.readValue(json, NAMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attendees column is not a JSON array of names", e);
        }
    }
}
