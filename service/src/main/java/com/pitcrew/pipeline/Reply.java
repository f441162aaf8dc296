package com.pitcrew.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * What the user is told: a text (Slack mrkdwn) and optional list items. {@code generated} says whether an LLM wrote
 * it; retrieved-only answers are marked so to the user.
 */
public record Reply(String text, List<ReplyItem> items, boolean generated) {

    public Reply {
        Objects.requireNonNull(text, "text");
        items = List.copyOf(items);
    }

    public static Reply text(String text) {
        return new Reply(text, List.of(), false);
    }
}
