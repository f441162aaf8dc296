package com.pitcrew.meetings;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * The sample calls shipped in the jar ({@code meetings/sample-meetings.json}). Their start times are relative
 * ({@code daysAgo} at {@code hour:minute} UTC) and are anchored to the clock when loaded, so "recent" and
 * "last week" find calls whatever day the data is seeded.
 */
final class SampleMeetings {

    static final String RESOURCE = "/meetings/sample-meetings.json";

    private SampleMeetings() {
    }

    private record File(List<Entry> meetings) {
    }

    private record Entry(String id, String account, String title, String kind, int daysAgo, int hour, int minute,
                         int durationMin, List<String> attendees, List<TurnEntry> turns) {
    }

    private record TurnEntry(String speaker, String text) {
    }

    /**
     * Stores the sample calls when the meetings table is empty (a fresh database), anchored to {@code clock};
     * returns how many were stored. A database that already has calls, sample or real, is left alone.
     */
    static int seedIfEmpty(MeetingStore store, Clock clock) {
        if (store.count() > 0) {
            return 0;
        }
        return store.insertAllIfEmpty(load(clock));
    }

    /**
     * Re-dates the sample calls still stored to their relative dates anchored to {@code clock}'s today; run at
     * every start, so a database seeded months ago still has "recent" calls. Imported calls are never moved.
     */
    static int redate(MeetingStore store, Clock clock) {
        Map<String, Instant> startTimes = new LinkedHashMap<>();
        load(clock).forEach(meeting -> startTimes.put(meeting.id(), meeting.startedAt()));
        return store.redateSamples(startTimes);
    }

    static List<Meeting> load(Clock clock) {
        return load(RESOURCE, clock);
    }

    /** Calls from a class-path resource in the sample format, anchored to {@code clock}. */
    static List<Meeting> load(String resource, Clock clock) {
        File file;
        try (InputStream in = SampleMeetings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            file = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, File.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Meeting> meetings = new ArrayList<>();
        for (Entry entry : file.meetings()) {
            List<Meeting.Turn> turns = new ArrayList<>();
            for (TurnEntry turn : entry.turns()) {
                turns.add(new Meeting.Turn(turns.size(), turn.speaker(), turn.text()));
            }
            meetings.add(new Meeting(entry.id(), entry.account(), entry.title(), entry.kind(),
                    today.minusDays(entry.daysAgo()).atTime(entry.hour(), entry.minute()).toInstant(ZoneOffset.UTC),
                    entry.durationMin(), entry.attendees().stream().map(Meeting.Attendee::parse).toList(), turns));
        }
        return List.copyOf(meetings);
    }
}
