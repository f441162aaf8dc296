package com.pitcrew.execution;

import java.time.Duration;

/** How an API client waits (its request pacer, a 429 back-off); tests pass one that moves a fake clock instead. */
@FunctionalInterface
public interface Pauser {

    Pauser SLEEP = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void pause(Duration duration) throws InterruptedException;
}
