package com.pitcrew.meetings;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One customer call with its transcript. Attendees are display names; our own people carry their role in
 * parentheses ("Jamie Park (SE)"), customer contacts are plain names ("Tyler Chen").
 */
record Meeting(String id, String account, String title, String kind, Instant startedAt, int durationMinutes,
               List<String> attendees, List<Turn> turns) {

    Meeting {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        attendees = List.copyOf(attendees);
        turns = List.copyOf(turns);
    }

    /** One speaker turn; {@code seq} is its position in the transcript, from 0. */
    record Turn(int seq, String speaker, String text) {

        Turn {
            Objects.requireNonNull(speaker, "speaker");
            Objects.requireNonNull(text, "text");
        }
    }

    /** How a call is named to users: "Acme Corp — Pricing negotiation". */
    String heading() {
        return account + " — " + title;
    }

    /** Whether {@code person} (a plain name from the account directory) was on the call. */
    boolean attendedBy(String person) {
        return attendees.stream().anyMatch(attendee -> attendee.equals(person) || attendee.startsWith(person + " ("));
    }
}
