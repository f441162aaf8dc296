package com.pitcrew.meetings;

import com.pitcrew.intent.Intent;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmResult;
import com.pitcrew.pipeline.HandlerRequest;
import com.pitcrew.pipeline.IntentHandler;
import com.pitcrew.pipeline.MeetingScope;
import com.pitcrew.pipeline.Reply;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Intent {@code meeting_summary}: recaps the call the request is about (one account or no scope: the best match,
 * or the latest call) or the calls of a period or several accounts (up to {@value #MAX_CALLS}, newest first). With
 * an LLM, a summary written from the transcripts; otherwise an extractive recap of the lines that carry decisions,
 * numbers and action items, marked as such.
 */
final class MeetingSummaryHandler implements IntentHandler {

    static final String PURPOSE = "meeting_summary";
    static final String EXTRACTIVE_MARK = "_Extractive recap (not a generated summary)_";
    static final int MAX_CALLS = 5;
    private static final int KEY_LINES = 5;

    /** Lines that carry what a recap must keep: figures, dates, decisions, commitments. */
    private static final Pattern KEY_LINE = Pattern.compile("(?i)(\\d|\\$|%|action items?|next steps?|agree|decid|"
            + "approv|sign|renewal|budget|deadline|blocker|requirement|\\bwill\\b|\\bneed\\b)");

    private static final Pattern PLURAL = Pattern.compile("(?i)\\b(calls|meetings|conversations)\\b");

    static final String SYSTEM_PROMPT = """
            You summarise customer calls for a sales rep. Use only the transcripts you are given. For each call \
            give 3 to 6 short bullets: what the customer wants, decisions and numbers (prices, seats, dates), \
            objections and competitors, and action items with their owners. Name each call by its account, title \
            and date. Do not invent anything that is not in the transcript. Slack formatting.""";

    private final MeetingContext context;
    private final LlmClient llm;

    MeetingSummaryHandler(MeetingContext context, LlmClient llm) {
        this.context = context;
        this.llm = llm;
    }

    @Override
    public Intent intent() {
        return Intent.MEETING_SUMMARY;
    }

    @Override
    public boolean usesLlm() {
        return llm.configured();
    }

    @Override
    public Reply handle(HandlerRequest handlerRequest) {
        MeetingContext.Request request = context.of(handlerRequest);
        List<Meeting> calls = targets(request);
        if (calls.isEmpty()) {
            String searched = MeetingContext.describe(request);
            return Reply.text("I found no calls" + (searched.isEmpty() ? "" : " " + searched) + " to summarise.");
        }
        String heading = calls.size() == 1
                ? "*Recap of " + MeetingContext.cite(calls.get(0)) + "*"
                : "*Recap of " + calls.size() + " calls " + MeetingContext.describe(request) + "*";
        String user = "Request: " + request.message() + "\n\n"
                + calls.stream().map(MeetingContext::transcriptForPrompt).collect(Collectors.joining("\n"));
        LlmResult<String> summary = handlerRequest.generate(llm, PURPOSE, SYSTEM_PROMPT, user, heading + "\n");
        if (summary instanceof LlmResult.Answer<String> generated) {
            return new Reply(heading + "\n" + generated.value(), MeetingContext.sourceItems(calls), true);
        }
        String why = MeetingContext.whyNoLlm((LlmResult.Unavailable<String>) summary);
        String recap = calls.stream().map(MeetingSummaryHandler::extractive).collect(Collectors.joining("\n\n"));
        return new Reply(heading + "\n" + EXTRACTIVE_MARK + " — " + why + "; these are the key lines quoted from "
                + "the transcript.\n\n" + recap, MeetingContext.sourceItems(calls), false);
    }

    /**
     * One call when the request points at one ("the Acme call", "the SSO call", or nothing at all), else several:
     * "the Acme calls", a period, or more than one account.
     */
    private List<Meeting> targets(MeetingContext.Request request) {
        List<Meeting> matching = context.calls(request, 0).stream().map(MeetingSearch.MeetingHit::meeting).toList();
        MeetingScope scope = request.scope();
        boolean plural = PLURAL.matcher(request.message()).find();
        boolean oneCall = request.unscoped()
                || (!plural && scope.accounts().size() <= 1 && scope.timeRange().isEmpty());
        return MeetingContext.newestFirst(matching.stream().limit(oneCall ? 1 : MAX_CALLS).toList());
    }

    private static String extractive(Meeting meeting) {
        List<Meeting.Turn> key = meeting.turns().stream()
                .filter(turn -> KEY_LINE.matcher(turn.text()).find())
                .limit(KEY_LINES)
                .toList();
        List<Meeting.Turn> lines = key.isEmpty() ? meeting.turns().stream().limit(3).toList() : key;
        return "*" + meeting.heading() + "* · " + MeetingContext.facts(meeting) + "\n"
                + lines.stream().map(turn -> "• " + turn.speaker() + ": “" + turn.text() + "”")
                .collect(Collectors.joining("\n"));
    }
}
