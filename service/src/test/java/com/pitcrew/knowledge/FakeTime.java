package com.pitcrew.knowledge;

import com.pitcrew.execution.Pauser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A clock that only moves when told to or when something pauses on it: waits cost no real time in tests. */
final class FakeTime implements LongSupplier, Pauser {

    private final AtomicLong nanos = new AtomicLong();
    private final Instant start = Instant.parse("2026-11-25T12:00:00Z");
    private final List<Duration> pauses = new ArrayList<>();

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    @Override
    public synchronized void pause(Duration duration) {
        pauses.add(duration);
        advance(duration);
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    synchronized List<Duration> pauses() {
        return List.copyOf(pauses);
    }

    Duration elapsed() {
        return Duration.ofNanos(nanos.get());
    }

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return start.plusNanos(nanos.get());
            }
        };
    }
}
