package com.pitcrew.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks the LLM which intent a message has, given the pattern's candidate, with structured output
 * {@code {intent, confidence}}. Output naming no known intent, or a confidence outside [0, 1], is malformed.
 * Thread-safe.
 */
public final class IntentValidator {

    static final String PURPOSE = "intent_validation";

    private static final List<String> INTENT_NAMES = Arrays.stream(Intent.values()).map(Intent::wireName).toList();

    private static final Map<String, Object> SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of(
                    "intent", Map.of("type", "string", "enum", INTENT_NAMES),
                    "confidence", Map.of("type", "number")),
            "required", List.of("intent", "confidence"),
            "additionalProperties", false);

    private static final String SYSTEM_PROMPT = """
            You classify messages that sales reps send to PitCrew, a Slack assistant, into exactly one intent.
            search_calls: a list of calls/meetings found by topic, company, person or time.
            meeting_question: an answer about what was said or learned in meetings with a customer or person.
            meeting_summary: a recap, summary, overview or highlights of a meeting or of calls with an account.
            action_items: next steps, follow-ups, to-dos, commitments or owners coming out of meetings.
            draft_email: an outbound message to a person or account, composed for them.
            product_question: facts about our own product, Beacon (plans, pricing, features, integrations,
              security, compliance, limits, roadmap).
            help: what the assistant can do and how to use it.
            other: anything else (thanks, greetings, chit-chat, unrelated tasks).
            A pattern matcher proposes a candidate; confirm it or correct it. Answer with the intent and your
            confidence between 0 and 1.""";

    private final LlmClient llm;

    public IntentValidator(LlmClient llm) {
        this.llm = llm;
    }

    /** Whether validating calls an LLM at all (without one it answers {@code not_configured} at once). */
    public boolean available() {
        return llm.configured();
    }

    /** The LLM's verdict, or why there is none. */
    public LlmResult<Classification> validate(String text, Classification candidate) {
        return interpret(llm.completeJson(PURPOSE, SYSTEM_PROMPT, prompt(text, candidate), PURPOSE, SCHEMA));
    }

    /** The same for background work: {@code busy} at once when the LLM bulkhead has nothing to spare. */
    public LlmResult<Classification> validateInBackground(String text, Classification candidate) {
        return interpret(llm.completeJsonInBackground(PURPOSE, SYSTEM_PROMPT, prompt(text, candidate), PURPOSE,
                SCHEMA));
    }

    private static String prompt(String text, Classification candidate) {
        return "Message: " + text + "\nCandidate intent: " + candidate.intent().wireName()
                + " (pattern confidence " + String.format(java.util.Locale.ROOT, "%.2f", candidate.confidence()) + ")";
    }

    private static LlmResult<Classification> interpret(LlmResult<JsonNode> result) {
        if (result instanceof LlmResult.Unavailable<JsonNode> unavailable) {
            return new LlmResult.Unavailable<>(unavailable.reason(), unavailable.detail());
        }
        JsonNode answer = ((LlmResult.Answer<JsonNode>) result).value();
        Optional<Intent> intent = Intent.fromWireName(answer.path("intent").asText(null));
        JsonNode confidence = answer.path("confidence");
        if (intent.isEmpty() || !confidence.isNumber() || confidence.asDouble() < 0 || confidence.asDouble() > 1) {
            return new LlmResult.Unavailable<>(LlmResult.Reason.MALFORMED, "answer outside the schema");
        }
        return new LlmResult.Answer<>(new Classification(intent.get(), confidence.asDouble(), "llm"));
    }
}
