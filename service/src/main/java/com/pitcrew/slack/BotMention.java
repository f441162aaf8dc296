package com.pitcrew.slack;

import java.util.Optional;
import java.util.regex.Pattern;

/** Removes the bot's own mention from a message before it is stored, so no LLM prompt ever carries it. */
final class BotMention {

    private static final Pattern LEADING = Pattern.compile("^\\s*<@[A-Za-z0-9]+(?:\\|[^>]*)?>[\\s,:]*");

    private BotMention() {
    }

    /** Without the bot's id (no {@code auth.test} answer), only a leading mention is taken for the bot's. */
    static String strip(String text, Optional<String> botUserId) {
        if (botUserId.isEmpty()) {
            return LEADING.matcher(text).replaceFirst("").strip();
        }
        String own = "<@" + Pattern.quote(botUserId.get()) + "(?:\\|[^>]*)?>";
        return text.replaceAll("^\\s*" + own + "[\\s,:]*", "")
                .replaceAll("\\s*" + own, "")
                .replaceAll("\\s{2,}", " ")
                .strip();
    }
}
