package com.pitcrew.llm;

import java.util.Optional;

/** The outcome of one LLM call: an answer, or why there is none. Never an exception. */
public sealed interface LlmResult<T> {

    /** Why an LLM answer is unavailable; the wire name is used in metrics and logs. */
    enum Reason {
        NOT_CONFIGURED, CIRCUIT_OPEN, BUSY, TIMEOUT, RATE_LIMITED, SERVER_ERROR, CLIENT_ERROR, MALFORMED, REFUSED, FAILED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Answer<T>(T value) implements LlmResult<T> {
    }

    record Unavailable<T>(Reason reason, String detail) implements LlmResult<T> {
    }

    default Optional<T> answer() {
        return this instanceof Answer<T> answer ? Optional.of(answer.value()) : Optional.empty();
    }
}
