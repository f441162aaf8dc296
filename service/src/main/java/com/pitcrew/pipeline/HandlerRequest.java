package com.pitcrew.pipeline;

import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.IntentDecision;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmResult;
import java.util.Optional;

/**
 * Everything a handler gets: the message, what it is about, what it asks for, and where its answer may show while
 * it is generated (never for a speculative answer, which may be thrown away).
 */
public record HandlerRequest(String correlationId, Inquiry inquiry, MeetingScope scope, IntentDecision decision,
                             Optional<AnswerStream> stream) {

    public HandlerRequest(String correlationId, Inquiry inquiry, MeetingScope scope, IntentDecision decision) {
        this(correlationId, inquiry, scope, decision, Optional.empty());
    }

    /**
     * Free text from the LLM for a reply that starts with {@code lead} (the handler's own heading, or nothing)
     * followed by the answer: streamed, lead first, where this request can show it, else asked for whole.
     */
    public LlmResult<String> generate(LlmClient llm, String purpose, String systemPrompt, String userPrompt,
                                      String lead) {
        if (stream.isEmpty() || !stream.get().accepting()) {
            return llm.complete(purpose, systemPrompt, userPrompt);
        }
        AnswerStream shown = stream.get();
        boolean[] started = {false};
        return llm.completeStreaming(purpose, systemPrompt, userPrompt, piece -> {
            if (!started[0]) {
                started[0] = true;
                if (!lead.isEmpty()) {
                    shown.writeHeading(lead);
                }
            }
            shown.write(piece);
        });
    }
}
