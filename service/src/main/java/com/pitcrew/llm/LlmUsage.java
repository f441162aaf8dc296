package com.pitcrew.llm;

import java.util.concurrent.Callable;

/**
 * Counts the tokens the LLM calls made by one piece of work used, on the thread that runs it, so a speculative
 * handler whose answer is discarded can say what it wasted. Thread-confined by construction.
 */
public final class LlmUsage {

    private static final ThreadLocal<long[]> TALLY = new ThreadLocal<>();

    private LlmUsage() {
    }

    /** What {@code work} returned, and the tokens its LLM calls on this thread used. */
    public record Tallied<T>(T value, long tokens) {
    }

    public static <T> Tallied<T> track(Callable<T> work) throws Exception {
        long[] previous = TALLY.get();
        long[] tally = new long[1];
        TALLY.set(tally);
        try {
            return new Tallied<>(work.call(), tally[0]);
        } finally {
            TALLY.set(previous);
        }
    }

    static void add(long tokens) {
        long[] tally = TALLY.get();
        if (tally != null) {
            tally[0] += tokens;
        }
    }
}
