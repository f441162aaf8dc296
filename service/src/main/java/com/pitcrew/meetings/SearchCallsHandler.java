package com.pitcrew.meetings;

import com.pitcrew.intent.Intent;
import com.pitcrew.pipeline.HandlerRequest;
import com.pitcrew.pipeline.IntentHandler;
import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.ReplyItem;
import java.util.List;
import java.util.Optional;

/** Intent {@code search_calls}: a list of the calls matching the topic and scope, each with why it matched. */
final class SearchCallsHandler implements IntentHandler {

    static final int SHOWN = 10;

    private final MeetingContext context;

    SearchCallsHandler(MeetingContext context) {
        this.context = context;
    }

    @Override
    public Intent intent() {
        return Intent.SEARCH_CALLS;
    }

    @Override
    public Reply handle(HandlerRequest handlerRequest) {
        MeetingContext.Request request = context.of(handlerRequest);
        List<MeetingSearch.MeetingHit> hits = context.calls(request, SHOWN);
        String searched = MeetingContext.describe(request);
        if (hits.isEmpty()) {
            return Reply.text("I found no calls" + (searched.isEmpty() ? "" : " " + searched) + ". I searched the "
                    + "titles and transcripts of " + context.indexedCalls() + " calls; try fewer or other words, "
                    + "or a wider time range.");
        }
        List<ReplyItem> items = hits.stream().limit(SHOWN).map(hit -> item(request, hit)).toList();
        String count = hits.size() == 1 ? "1 call" : hits.size() + " calls";
        String shown = hits.size() > SHOWN ? " (the best " + SHOWN + " below)" : "";
        String order = request.topic().isEmpty() ? "newest first" : "best match first";
        return new Reply("Found " + count + (searched.isEmpty() ? "" : " " + searched) + shown + ", " + order + ":",
                items, false);
    }

    private ReplyItem item(MeetingContext.Request request, MeetingSearch.MeetingHit hit) {
        String why = hit.bestTurn()
                .map(turn -> " · " + turn.speaker() + ": “" + context.snippet(turn, request.topic()) + "”")
                .orElse(request.topic().isEmpty() ? "" : " · matched the title");
        return new ReplyItem(hit.meeting().heading(), MeetingContext.facts(hit.meeting()) + why, Optional.empty());
    }
}
