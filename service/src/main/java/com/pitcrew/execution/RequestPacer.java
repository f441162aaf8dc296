package com.pitcrew.execution;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * At most {@code permits} request starts in any window of {@code window} (Airtable: 5 per second per base): a
 * caller over the limit pauses until the oldest start in the window leaves it. Thread-safe: callers queue on the
 * monitor, so the limit holds across threads sharing one base. {@link #tryAcquire} is for callers that can do the
 * work later instead of waiting (a Slack stream keeps its text for the next append).
 */
public final class RequestPacer {

    private final int permits;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Pauser pauser;
    private final Deque<Long> starts = new ArrayDeque<>();

    public RequestPacer(int permits, Duration window, LongSupplier nanoTime, Pauser pauser) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be positive: " + permits);
        }
        this.permits = permits;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.pauser = pauser;
    }

    /** Returns when a request may start, having recorded its start. */
    public synchronized void acquire() throws InterruptedException {
        long now = nanoTime.getAsLong();
        if (starts.size() == permits) {
            long wait = starts.peekFirst() + windowNanos - now;
            if (wait > 0) {
                pauser.pause(Duration.ofNanos(wait));
                now = nanoTime.getAsLong();
            }
            starts.pollFirst();
        }
        starts.addLast(now);
    }

    /** Records a start and answers true when one may start now; false (nothing recorded) when it would wait. */
    public synchronized boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        if (starts.size() == permits) {
            if (starts.peekFirst() + windowNanos - now > 0) {
                return false;
            }
            starts.pollFirst();
        }
        starts.addLast(now);
        return true;
    }
}
