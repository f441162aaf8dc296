package com.pitcrew.pipeline;

import com.pitcrew.intent.Intent;
import java.util.Locale;
import java.util.regex.Pattern;

/** Intent {@code other}: small talk gets a short friendly answer; anything unclear gets a request to rephrase. */
public final class OtherHandler implements IntentHandler {

    private static final Pattern THANKS = Pattern.compile("\\b(thanks|thank you|thx|ty|cheers|appreciate)\\b");
    private static final Pattern GREETING = Pattern.compile("^\\W*(hi|hello|hey|good (morning|afternoon|evening)|yo)\\b");

    static final String REPHRASE = "I'm not sure what you need. Could you rephrase? For example: "
            + "\"search calls about pricing\", \"what did Acme say about SSO?\", \"recap the Globex call\", "
            + "\"does Growth include SSO?\". Type `help` for everything I can do.";

    @Override
    public Intent intent() {
        return Intent.OTHER;
    }

    @Override
    public Reply handle(HandlerRequest request) {
        String text = request.inquiry().text().toLowerCase(Locale.ROOT);
        if (THANKS.matcher(text).find()) {
            return Reply.text("You're welcome! Mention me any time you need something from your calls or about Beacon.");
        }
        if (GREETING.matcher(stripMention(text)).find()) {
            return Reply.text("Hi! Ask me about your customer calls or about Beacon. Type `help` to see examples.");
        }
        return Reply.text(REPHRASE);
    }

    private static String stripMention(String text) {
        return text.replaceFirst("^\\s*<@[^>]+>\\s*", "");
    }
}
