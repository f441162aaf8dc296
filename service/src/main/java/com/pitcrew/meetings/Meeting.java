package com.pitcrew.meetings;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One customer call with its transcript. {@code id} is the call's external id (the file's, the API caller's or
 * Gong's), so importing the same call again replaces it.
 */
record Meeting(String id, String account, String title, String kind, Instant startedAt, int durationMinutes,
               List<Attendee> attendees, List<Turn> turns) {

    static final int MAX_ID = 64;

    Meeting {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        attendees = List.copyOf(attendees);
        turns = List.copyOf(turns);
    }

    /** One speaker turn; {@code seq} is its number in the source (not necessarily its position in the list). */
    record Turn(int seq, String speaker, String text) {

        Turn {
            Objects.requireNonNull(speaker, "speaker");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Which side of the table a person sits on: our team, the customer's, or not known (a bare speaker label). */
    enum Side { OURS, CUSTOMER, UNKNOWN }

    /**
     * A person on the call. Our own people carry {@code internal}; in the sample world they are written with their
     * role in parentheses ("Jamie Park (SE)") and customer contacts as plain names ("Tyler Chen").
     */
    record Attendee(String name, Optional<String> role, Optional<String> email, boolean internal) {

        private static final Pattern WITH_ROLE = Pattern.compile("^(.+?)\\s*\\(([^()]+)\\)$");

        Attendee {
            Objects.requireNonNull(name, "name");
            role = role.map(String::strip).filter(value -> !value.isEmpty());
            email = email.map(value -> value.strip().toLowerCase(Locale.ROOT)).filter(value -> !value.isEmpty());
        }

        /** "Jamie Park (SE)" is one of ours with role SE; "Tyler Chen" a customer contact: the sample's convention. */
        static Attendee parse(String display) {
            Matcher matcher = WITH_ROLE.matcher(display.strip());
            return matcher.matches()
                    ? new Attendee(matcher.group(1), Optional.of(matcher.group(2)), Optional.empty(), true)
                    : new Attendee(display.strip(), Optional.empty(), Optional.empty(), false);
        }

        /** How the person is shown: "Jamie Park (SE)" for ours with a role, else the name. */
        String display() {
            return internal ? role.map(known -> name + " (" + known + ")").orElse(name) : name;
        }

        Optional<String> domain() {
            return email.filter(address -> address.indexOf('@') > 0)
                    .map(address -> address.substring(address.indexOf('@') + 1));
        }

        Side side() {
            return internal ? Side.OURS : Side.CUSTOMER;
        }
    }

    /** How a call is named to users: "Acme Corp — Pricing negotiation". */
    String heading() {
        return account + " — " + title;
    }

    /** Whether {@code person} (a plain name from the account directory) was on the call. */
    boolean attendedBy(String person) {
        return attendees.stream().anyMatch(attendee -> attendee.name().equals(person));
    }

    /** Attendees as shown: "Tyler Chen, Alex Rivera (AE)". */
    List<String> attendeeNames() {
        return attendees.stream().map(Attendee::display).toList();
    }

    /** The attendee a speaker label or a first name stands for, if any. */
    Optional<Attendee> attendee(String speakerOrFirstName) {
        String wanted = speakerOrFirstName.strip();
        return attendees.stream()
                .filter(attendee -> attendee.display().equalsIgnoreCase(wanted)
                        || attendee.name().equalsIgnoreCase(wanted)
                        || attendee.name().toLowerCase(Locale.ROOT).startsWith(wanted.toLowerCase(Locale.ROOT) + " "))
                .findFirst();
    }

    /** The side of whoever {@code speakerOrFirstName} is; {@link Side#UNKNOWN} when no attendee matches. */
    Side sideOf(String speakerOrFirstName) {
        return attendee(speakerOrFirstName).map(Attendee::side).orElse(Side.UNKNOWN);
    }
}
