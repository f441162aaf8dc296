package com.pitcrew.intent;

/** A JSON-lines input that cannot be used; the message names the source and the line. */
public final class CorpusFormatException extends RuntimeException {

    CorpusFormatException(String message) {
        super(message);
    }

    CorpusFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
