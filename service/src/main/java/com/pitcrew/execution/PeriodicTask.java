package com.pitcrew.execution;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A task run with a fixed delay on a scheduler its component does not own: the component's {@code start} and
 * {@code stop} start and cancel it (again after a stop, too); the lifecycle shuts the scheduler down afterwards and
 * waits for a run in progress. A run that throws ends the schedule, so tasks catch their own failures.
 * Thread-safe.
 */
public final class PeriodicTask {

    private final ScheduledExecutorService scheduler;
    private final long initialDelayMillis;
    private final long periodMillis;
    private final Runnable task;
    private ScheduledFuture<?> scheduled; // guarded by this

    public PeriodicTask(ScheduledExecutorService scheduler, Duration initialDelay, Duration period, Runnable task) {
        this.scheduler = scheduler;
        this.initialDelayMillis = Math.max(0, initialDelay.toMillis());
        this.periodMillis = Math.max(1, period.toMillis());
        this.task = task;
    }

    public synchronized void start() {
        if (scheduled == null) {
            scheduled = scheduler.scheduleWithFixedDelay(task, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Cancels the next runs; one in progress finishes (it may be talking to the database). */
    public synchronized void stop() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }
}
