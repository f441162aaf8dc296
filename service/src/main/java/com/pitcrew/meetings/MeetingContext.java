package com.pitcrew.meetings;

import com.pitcrew.llm.LlmResult;
import com.pitcrew.pipeline.HandlerRequest;
import com.pitcrew.pipeline.MeetingScope;
import com.pitcrew.pipeline.ReplyItem;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every meeting handler needs before it answers: the request's topic, the calls and turns in its scope, and
 * one way of naming calls, dates and excerpts to the user and to the LLM. Thread-safe (stateless over the search).
 */
final class MeetingContext {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final MeetingSearch search;

    MeetingContext(MeetingSearch search) {
        this.search = search;
    }

    /** One request's retrieval inputs, worked out once. */
    record Request(HandlerRequest request, MeetingScope scope, Topic topic) {

        String message() {
            return request.inquiry().text();
        }

        /** True when the message names no account, person, time range or topic. */
        boolean unscoped() {
            return scope.equals(MeetingScope.empty()) && topic.isEmpty();
        }
    }

    Request of(HandlerRequest request) {
        return new Request(request, request.scope(), search.topic(request.inquiry().text(), request.scope()));
    }

    /**
     * The calls the request is about: those matching the topic, best first, the first {@code quoted} with their best
     * turn, or with no topic every call in scope, newest first (as hits without a matching turn).
     */
    List<MeetingSearch.MeetingHit> calls(Request request, int quoted) {
        if (request.topic().isEmpty()) {
            return search.inScope(request.scope()).stream()
                    .map(meeting -> new MeetingSearch.MeetingHit(meeting, 0.0, Optional.empty()))
                    .toList();
        }
        return search.meetings(request.scope(), request.topic(), quoted);
    }

    /**
     * The turns that bear on the request, best first: those matching the topic, or with no topic the turns of the
     * latest call in scope (an unscoped message gets none: there is nothing to go on).
     */
    List<MeetingSearch.TurnHit> turns(Request request, int limit) {
        if (!request.topic().isEmpty()) {
            return search.turns(request.scope(), request.topic(), limit);
        }
        if (request.unscoped()) {
            return List.of();
        }
        return search.inScope(request.scope()).stream().findFirst()
                .map(meeting -> meeting.turns().stream().limit(limit)
                        .map(turn -> new MeetingSearch.TurnHit(meeting, turn, 0.0)).toList())
                .orElse(List.of());
    }

    /** Calls in scope, newest first. */
    List<Meeting> inScope(Request request) {
        return search.inScope(request.scope());
    }

    String snippet(Meeting.Turn turn, Topic topic) {
        return search.snippet(turn.text(), topic);
    }

    int indexedCalls() {
        return search.size();
    }

    /** "about “pricing” with Acme Corp between Oct 26 and Nov 25 (“recent”)": what was looked for, for replies. */
    static String describe(Request request) {
        List<String> parts = new ArrayList<>();
        if (!request.topic().isEmpty()) {
            parts.add("about " + request.topic().quoted());
        }
        MeetingScope scope = request.scope();
        if (!scope.accounts().isEmpty()) {
            parts.add("with " + String.join(", ", scope.accounts()));
        }
        if (!scope.people().isEmpty()) {
            parts.add("attended by " + String.join(", ", scope.people()));
        }
        scope.timeRange().ifPresent(range -> parts.add("between " + day(range.from()) + " and "
                + day(range.to().minusMillis(1)) + " (“" + range.phrase() + "”)"));
        return String.join(" ", parts);
    }

    static String day(Instant instant) {
        return DAY.format(instant);
    }

    /** "Acme Corp — Pricing negotiation, Nov 12": how a call is cited, to the user and in prompts. */
    static String cite(Meeting meeting) {
        return meeting.heading() + ", " + day(meeting.startedAt());
    }

    /** "Nov 12 · 45 min · Tyler Chen, Alex Rivera (AE)". */
    static String facts(Meeting meeting) {
        return day(meeting.startedAt()) + " · " + meeting.durationMinutes() + " min · "
                + String.join(", ", meeting.attendeeNames());
    }

    /** One turn as a reply item: the call and date as title, the speaker's words as detail. */
    static ReplyItem excerptItem(MeetingSearch.TurnHit hit) {
        return new ReplyItem(cite(hit.meeting()), hit.turn().speaker() + ": “" + hit.turn().text() + "”",
                Optional.empty());
    }

    /** The calls behind an answer, once each, in order: the sources list of a generated reply. */
    static List<ReplyItem> sourceItems(List<Meeting> meetings) {
        Set<Meeting> distinct = new LinkedHashSet<>(meetings);
        return distinct.stream()
                .map(meeting -> new ReplyItem(meeting.heading(), facts(meeting), Optional.empty()))
                .toList();
    }

    /** Numbered excerpts for a prompt, each naming its call so the LLM can cite it. */
    static String excerptsForPrompt(List<MeetingSearch.TurnHit> hits) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < hits.size(); i++) {
            MeetingSearch.TurnHit hit = hits.get(i);
            text.append('[').append(i + 1).append("] ").append(cite(hit.meeting())).append(" — ")
                    .append(hit.turn().speaker()).append(": ").append(hit.turn().text()).append('\n');
        }
        return text.toString();
    }

    /** A whole call for a prompt: heading, facts, then every turn. */
    static String transcriptForPrompt(Meeting meeting) {
        return "Call: " + cite(meeting) + "\nAttendees: " + String.join(", ", meeting.attendeeNames())
                + "\nDuration: " + meeting.durationMinutes() + " min\nTranscript:\n"
                + meeting.turns().stream().map(turn -> turn.speaker() + ": " + turn.text())
                .collect(Collectors.joining("\n")) + "\n";
    }

    /** Calls of {@code hits} in order, without repeats. */
    static List<Meeting> meetingsOf(List<MeetingSearch.TurnHit> hits) {
        return hits.stream().map(MeetingSearch.TurnHit::meeting).distinct().toList();
    }

    static List<Meeting> newestFirst(List<Meeting> meetings) {
        return meetings.stream().sorted(Comparator.comparing(Meeting::startedAt).reversed()).toList();
    }

    /** Why there is no generated answer, in words a rep understands. */
    static String whyNoLlm(LlmResult.Unavailable<?> unavailable) {
        return unavailable.reason() == LlmResult.Reason.NOT_CONFIGURED
                ? "no LLM is configured (set OPENAI_API_KEY)"
                : "the LLM is unavailable right now: " + unavailable.reason().inWords();
    }
}
