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

        /** What a rep reads instead of the code, which stays in metrics and logs. */
        public String inWords() {
            return switch (this) {
                case NOT_CONFIGURED -> "no LLM is configured";
                case CIRCUIT_OPEN -> "it failed several times just now, so it gets a short break";
                case BUSY -> "it is answering as many requests as it may at once";
                case TIMEOUT -> "it took too long to answer";
                case RATE_LIMITED -> "it is busy with too many requests";
                case SERVER_ERROR -> "it had an internal error";
                case CLIENT_ERROR -> "it did not accept the request";
                case MALFORMED -> "its answer could not be read";
                case REFUSED -> "it declined to answer";
                case FAILED -> "it could not be reached";
            };
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
