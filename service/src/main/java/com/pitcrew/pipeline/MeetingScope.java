package com.pitcrew.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Which accounts, people and time range a message is about (stage {@code meeting_resolution}). */
public record MeetingScope(List<String> accounts, List<String> people, Optional<TimeRange> timeRange) {

    public MeetingScope {
        accounts = List.copyOf(accounts);
        people = List.copyOf(people);
    }

    public static MeetingScope empty() {
        return new MeetingScope(List.of(), List.of(), Optional.empty());
    }

    /** Half-open [from, to). */
    public record TimeRange(Instant from, Instant to, String phrase) {
    }
}
