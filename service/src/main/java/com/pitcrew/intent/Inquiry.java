package com.pitcrew.intent;

import java.util.Objects;
import java.util.Optional;

/** One message a user sent, wherever it came from (Slack, the {@code ask} command). */
public record Inquiry(String text, String userId, Optional<String> teamId, Optional<String> channelId) {

    public Inquiry {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(channelId, "channelId");
    }

    public static Inquiry of(String text, String userId) {
        return new Inquiry(text, userId, Optional.empty(), Optional.empty());
    }
}
