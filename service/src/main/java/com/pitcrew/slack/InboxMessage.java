package com.pitcrew.slack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's message as the inbox keeps it (column {@code payload}): just what answering needs, so the worker does not
 * depend on Slack's event shapes.
 */
record InboxMessage(String eventId, String eventType, String text, String userId, Optional<String> teamId,
                    String channelId, String ts, Optional<String> threadTs) {

    /**
     * Everything answering needs is present, so a row that lacks it (stored before the front door checked) fails
     * when it is read, before anything is posted, instead of half-way through.
     */
    InboxMessage {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(threadTs, "threadTs");
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module())
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_ABSENT);

    /** Replies go in the user's thread: the thread it was written in, or a new one under the message. */
    String replyThreadTs() {
        return threadTs.orElse(ts);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InboxMessage fromJson(String json) {
        try {
            return JSON.readValue(json, InboxMessage.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
