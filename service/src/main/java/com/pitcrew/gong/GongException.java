package com.pitcrew.gong;

/**
 * Gong could not be asked: unreachable, credentials refused, rate limited past the retries, or an answer we cannot
 * read. The message names the method and path and what to fix; it never carries the credentials.
 */
public final class GongException extends RuntimeException {

    GongException(String message) {
        super(message);
    }

    GongException(String message, Throwable cause) {
        super(message, cause);
    }
}
