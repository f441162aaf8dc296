package com.pitcrew.meetings;

import com.pitcrew.intent.Intent;
import com.pitcrew.pipeline.HandlerRequest;
import com.pitcrew.pipeline.IntentHandler;
import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.ReplyItem;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Intent {@code action_items}: the commitments made on the calls in scope (matching the topic when there is one),
 * newest call first, with owner and source. Found by rules over the transcripts, so no LLM is involved and the
 * reply says so implicitly by quoting the lines ({@code generated} is false).
 */
final class ActionItemsHandler implements IntentHandler {

    static final int SHOWN = 15;

    private static final Pattern OURS = Pattern.compile("(?i)\\b(we|us|our|ours|my)\\b");
    private static final Pattern THEIRS = Pattern.compile("(?i)\\b(they|them|their|customers?|clients?)\\b");

    private final MeetingContext context;

    ActionItemsHandler(MeetingContext context) {
        this.context = context;
    }

    @Override
    public Intent intent() {
        return Intent.ACTION_ITEMS;
    }

    @Override
    public Reply handle(HandlerRequest handlerRequest) {
        MeetingContext.Request request = context.of(handlerRequest);
        List<Meeting> calls = MeetingContext.newestFirst(
                context.calls(request, 0).stream().map(MeetingSearch.MeetingHit::meeting).toList());
        List<Commitments.Commitment> commitments = onTopic(request, Commitments.in(calls)).stream()
                .filter(commitment -> askedSide(request.message()).map(side -> side == commitment.side()).orElse(true))
                .toList();
        String searched = MeetingContext.describe(request);
        String where = "calls" + (searched.isEmpty() ? "" : " " + searched);
        if (commitments.isEmpty()) {
            return Reply.text("I found no action items or commitments in the " + where + " (" + calls.size()
                    + " calls looked at).");
        }
        List<ReplyItem> items = commitments.stream().limit(SHOWN).map(ActionItemsHandler::item).toList();
        String shown = commitments.size() > SHOWN ? "; the " + SHOWN + " from the newest calls below" : "";
        return new Reply("*" + commitments.size() + " action items* from " + calls.size() + " " + where + shown
                + ", newest call first. Each line is quoted from the transcript; the owner is who was named, "
                + "or who said it.", items, false);
    }

    /**
     * "What did we promise": our side's commitments only; "what did they / the customer promise": theirs; otherwise
     * both. Whose a commitment is comes from its owner's side on the call, not from who asks.
     */
    static Optional<Meeting.Side> askedSide(String message) {
        if (OURS.matcher(message).find()) {
            return Optional.of(Meeting.Side.OURS);
        }
        if (THEIRS.matcher(message).find()) {
            return Optional.of(Meeting.Side.CUSTOMER);
        }
        return Optional.empty();
    }

    /**
     * With a topic, the commitments whose own turn is about it ("send the HIPAA BAA template"), not every promise
     * made on a call that touched the topic once; when none is, all commitments of the matching calls.
     */
    private List<Commitments.Commitment> onTopic(MeetingContext.Request request,
                                                 List<Commitments.Commitment> commitments) {
        if (request.topic().isEmpty()) {
            return commitments;
        }
        Set<String> matchingTurns = context.turns(request, Integer.MAX_VALUE).stream()
                .map(hit -> hit.meeting().id() + "#" + hit.turn().seq())
                .collect(Collectors.toSet());
        List<Commitments.Commitment> about = commitments.stream()
                .filter(commitment -> matchingTurns.contains(commitment.meeting().id() + "#" + commitment.turn().seq()))
                .toList();
        return about.isEmpty() ? commitments : about;
    }

    private static ReplyItem item(Commitments.Commitment commitment) {
        return new ReplyItem(commitment.owner(), "“" + commitment.what() + "” — " + MeetingContext.cite(commitment
                .meeting()), Optional.empty());
    }
}
