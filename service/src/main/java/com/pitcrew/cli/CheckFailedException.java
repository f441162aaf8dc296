package com.pitcrew.cli;

/** A check command ran and found a failure (its output says which): the command exits non-zero. */
public final class CheckFailedException extends RuntimeException {

    public CheckFailedException(String message) {
        super(message);
    }
}
