package com.pitcrew.knowledge;

import java.time.Duration;

/** How the Airtable client waits (rate limit, 429 back-off); tests pass one that moves a fake clock instead. */
@FunctionalInterface
interface Pauser {

    Pauser SLEEP = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void pause(Duration duration) throws InterruptedException;
}
