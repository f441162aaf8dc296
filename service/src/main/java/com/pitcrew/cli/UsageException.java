package com.pitcrew.cli;

/** Bad command input (a file, a line, an option); the message says which and why. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
