package com.pitcrew.execution;

import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Where components get their threads: every pool is built through Dropwizard's lifecycle, which registers it when
 * it is built and shuts it down (letting queued work finish, up to its drain time) in reverse order of registration.
 * A component builds its pools in its constructor and is registered after them, so it stops before its pools do,
 * and all of them before the database pool that was registered first. The server passes its
 * {@code environment.lifecycle()}; {@link LocalLifecycle} runs the same outside it. Threads are daemons named
 * {@code <name>-<n>}. Use it while assembling, from one thread, as Dropwizard's environment is used.
 */
public final class Threads {

    private static final Duration DEFAULT_DRAIN = Duration.ofSeconds(5);

    private final LifecycleEnvironment lifecycle;

    public Threads(LifecycleEnvironment lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** {@code threads} fixed threads behind {@code queue}; work refused by a full queue goes to {@code rejection}. */
    public ThreadPoolExecutor pool(String name, int threads, BlockingQueue<Runnable> queue,
                                   RejectedExecutionHandler rejection, Duration drain) {
        // The builder makes a ThreadPoolExecutor; the cast keeps queue depth and active count readable for gauges.
        return (ThreadPoolExecutor) lifecycle.executorService(name + "-%d", NamedThreads.named(name))
                .minThreads(threads)
                .maxThreads(threads)
                .workQueue(queue)
                .rejectedExecutionHandler(rejection)
                .shutdownTime(io.dropwizard.util.Duration.milliseconds(drain.toMillis()))
                .build();
    }

    /** As {@link #pool(String, int, BlockingQueue, RejectedExecutionHandler, Duration)}, refusing with an exception. */
    public ThreadPoolExecutor pool(String name, int threads, BlockingQueue<Runnable> queue, Duration drain) {
        return pool(name, threads, queue, new ThreadPoolExecutor.AbortPolicy(), drain);
    }

    /** One thread for timed work; cancelled tasks leave its queue at once. */
    public ScheduledExecutorService scheduler(String name) {
        return lifecycle.scheduledExecutorService(name + "-%d", NamedThreads.named(name))
                .threads(1)
                .removeOnCancelPolicy(true)
                .shutdownTime(io.dropwizard.util.Duration.milliseconds(DEFAULT_DRAIN.toMillis()))
                .build();
    }

    /** {@code task} every {@code period}, the first run one period after start. */
    public PeriodicTask periodic(String name, Duration period, Runnable task) {
        return periodic(name, period, period, task);
    }

    /** {@code task} every {@code period} after {@code initialDelay}, on a scheduler of its own, once started. */
    public PeriodicTask periodic(String name, Duration initialDelay, Duration period, Runnable task) {
        return new PeriodicTask(scheduler(name), initialDelay, period, task);
    }
}
