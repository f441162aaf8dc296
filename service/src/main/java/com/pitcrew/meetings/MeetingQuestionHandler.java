package com.pitcrew.meetings;

import com.pitcrew.intent.Intent;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmResult;
import com.pitcrew.pipeline.HandlerRequest;
import com.pitcrew.pipeline.IntentHandler;
import com.pitcrew.pipeline.Reply;
import java.util.List;

/**
 * Intent {@code meeting_question}: finds the turns that bear on the question; with an LLM, an answer grounded in
 * them and citing the calls; without one (or when it fails), the excerpts themselves, marked as such.
 */
final class MeetingQuestionHandler implements IntentHandler {

    static final String PURPOSE = "meeting_question";
    static final String EXCERPTS_MARK = "*Relevant excerpts (not a generated answer)*";
    static final int EXCERPTS = 8;

    static final String SYSTEM_PROMPT = """
            You answer a sales rep's question about calls with customers. Answer only from the numbered call \
            excerpts you are given; if they do not contain the answer, say that the calls do not say. Cite the \
            call after each fact, as (Account — Title, date). Do not add facts, prices, dates or names that are \
            not in the excerpts. Be brief: a few sentences or bullets, Slack formatting.""";

    private final MeetingContext context;
    private final LlmClient llm;

    MeetingQuestionHandler(MeetingContext context, LlmClient llm) {
        this.context = context;
        this.llm = llm;
    }

    @Override
    public Intent intent() {
        return Intent.MEETING_QUESTION;
    }

    @Override
    public boolean usesLlm() {
        return llm.configured();
    }

    @Override
    public Reply handle(HandlerRequest handlerRequest) {
        MeetingContext.Request request = context.of(handlerRequest);
        List<MeetingSearch.TurnHit> hits = context.turns(request, EXCERPTS);
        if (hits.isEmpty()) {
            String searched = MeetingContext.describe(request);
            return Reply.text("I found nothing in the calls" + (searched.isEmpty() ? "" : " " + searched)
                    + " that bears on this. Name the account or person, or the topic, e.g. "
                    + "\"what did Acme say about onboarding?\"");
        }
        String user = "Question: " + request.message() + "\n\nExcerpts:\n" + MeetingContext.excerptsForPrompt(hits);
        LlmResult<String> answer = handlerRequest.generate(llm, PURPOSE, SYSTEM_PROMPT, user, "");
        if (answer instanceof LlmResult.Answer<String> generated) {
            return new Reply(generated.value() + "\n\n_Answered from " + hits.size() + " excerpts of the calls "
                    + "below._", MeetingContext.sourceItems(MeetingContext.meetingsOf(hits)), true);
        }
        String why = MeetingContext.whyNoLlm((LlmResult.Unavailable<String>) answer);
        return new Reply(EXCERPTS_MARK + " — " + why + ", so here is what was said, best match first:",
                hits.stream().map(MeetingContext::excerptItem).toList(), false);
    }
}
