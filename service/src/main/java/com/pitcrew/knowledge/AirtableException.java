package com.pitcrew.knowledge;

/** A failed Airtable call. The message names the request (method and path), never the token. */
final class AirtableException extends RuntimeException {

    AirtableException(String message) {
        super(message);
    }

    AirtableException(String message, Throwable cause) {
        super(message, cause);
    }
}
