package com.pitcrew.intent;

import java.util.Objects;

/** One corpus line: a message text and the intent a person gave it. */
public record LabelledMessage(String text, Intent intent) {

    public LabelledMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(intent, "intent");
    }
}
