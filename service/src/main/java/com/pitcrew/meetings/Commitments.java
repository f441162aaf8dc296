package com.pitcrew.meetings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the commitments made on calls ("Action item: Jamie to send the SOC 2 report by Friday", "I will get legal
 * to review the MSA") and who owns each. Rules, not a model: they are exact on the way our reps record action
 * items, and a rep can see why each line was picked. Stateless.
 */
final class Commitments {

    /** A commitment: who owes what, said where, and which side owes it (ours or the customer's). */
    record Commitment(Meeting meeting, Meeting.Turn turn, String owner, Meeting.Side side, String what) {
    }

    private record Owner(String name, Meeting.Side side) {
    }

    private static final Pattern COMMITMENT = Pattern.compile("(?i)\\b(action items?\\b|next steps?\\b|"
            + "(i|we) will (?!not\\b)|(i|we)'ll |will (send|share|set up|book|schedule|confirm|follow up)\\b|"
            + "follow[ -]up with\\b|we owe\\b)");
    /** "Action item: Jamie to ...", "Next step: Alex will ...": the named owner. */
    private static final Pattern NAMED_OWNER = Pattern.compile(
            "(?i)(?:action items?|next steps?)[^:]*:\\s*(\\p{Lu}\\p{Ll}+)\\s+(?:to|will)\\b");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    private Commitments() {
    }

    /** Commitments on {@code meetings}, in the order of the calls given and then of the transcript. */
    static List<Commitment> in(List<Meeting> meetings) {
        List<Commitment> found = new ArrayList<>();
        for (Meeting meeting : meetings) {
            for (Meeting.Turn turn : meeting.turns()) {
                sentence(turn.text()).ifPresent(what -> {
                    Owner owner = owner(meeting, turn, what);
                    found.add(new Commitment(meeting, turn, owner.name(), owner.side(), what));
                });
            }
        }
        return found;
    }

    /** The sentence of {@code text} that makes a commitment, if any. */
    private static Optional<String> sentence(String text) {
        for (String sentence : SENTENCE_END.split(text)) {
            if (COMMITMENT.matcher(sentence).find()) {
                return Optional.of(sentence.strip());
            }
        }
        return Optional.empty();
    }

    /**
     * The named owner, as the attendee it refers to when there is one; otherwise whoever said it. The side is that
     * person's (attendee e-mail domain, the import's internal flag or the sample's role marker), never the asker's.
     */
    private static Owner owner(Meeting meeting, Meeting.Turn turn, String what) {
        Matcher named = NAMED_OWNER.matcher(what);
        if (named.find()) {
            String first = named.group(1);
            return meeting.attendee(first).map(attendee -> new Owner(attendee.display(), attendee.side()))
                    .orElse(new Owner(first, Meeting.Side.UNKNOWN));
        }
        return new Owner(turn.speaker(), meeting.sideOf(turn.speaker()));
    }
}
