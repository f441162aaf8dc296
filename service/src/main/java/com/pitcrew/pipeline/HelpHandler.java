package com.pitcrew.pipeline;

import com.pitcrew.intent.Intent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Intent {@code help}: what PitCrew can do, with an example for every intent, honest about what is not live yet. */
public final class HelpHandler implements IntentHandler {

    /** What PitCrew can do for one intent: a short title and an example question. */
    public record Capability(Intent intent, String title, String example) {
    }

    private static final List<Capability> CAPABILITIES = List.of(
            new Capability(Intent.SEARCH_CALLS, "Find calls", "search all recent calls about pricing"),
            new Capability(Intent.MEETING_QUESTION, "Ask what a customer said", "what did Acme say about onboarding?"),
            new Capability(Intent.MEETING_SUMMARY, "Summarise calls", "recap the last Globex call"),
            new Capability(Intent.ACTION_ITEMS, "List next steps", "what did we promise Initech?"),
            new Capability(Intent.DRAFT_EMAIL, "Draft a follow-up", "draft an email to Tyler about the SSO pilot"),
            new Capability(Intent.PRODUCT_QUESTION, "Answer product questions", "does the Growth plan include SSO?"));

    private final Set<Intent> supported;

    /** Every capability with its example, in the order help lists them (also the assistant's suggested prompts). */
    public static List<Capability> capabilities() {
        return CAPABILITIES;
    }

    /** {@code supported}: the intents that have a handler in this deployment. */
    public HelpHandler(Set<Intent> supported) {
        this.supported = Set.copyOf(supported);
    }

    @Override
    public Intent intent() {
        return Intent.HELP;
    }

    @Override
    public Reply handle(HandlerRequest request) {
        List<ReplyItem> items = new ArrayList<>();
        for (Capability capability : CAPABILITIES) {
            String status = supported.contains(capability.intent()) ? "" : " _(not supported yet)_";
            items.add(new ReplyItem(capability.title() + status, "e.g. \"" + capability.example() + "\"",
                    Optional.empty()));
        }
        String text = "Here is what I can do. Mention me in a channel or send me a direct message; "
                + "I answer in the thread. Press :+1: or :-1: under an answer to tell us how it went.";
        return new Reply(text, items, false);
    }
}
