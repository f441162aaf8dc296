package com.pitcrew.retention;

import com.pitcrew.admin.TaskInputFilter;
import com.pitcrew.observability.LogFields;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention feature, wired: the purge on a schedule (its executor owned by Dropwizard's lifecycle) and the
 * {@code /tasks/retention-purge} task. Thread-safe: the purge serialises its runs.
 */
public final class Retention implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** The first run waits a little after start so it does not compete with start-up work. */
    private static final long FIRST_RUN_DELAY_MILLIS = 60_000;

    private final RetentionPurge purge;
    private final ScheduledExecutorService scheduler;
    private final long intervalMillis;
    private volatile boolean stopping;

    private Retention(RetentionPurge purge, ScheduledExecutorService scheduler, long intervalMillis) {
        this.purge = purge;
        this.scheduler = scheduler;
        this.intervalMillis = intervalMillis;
    }

    public static void install(RetentionConfiguration configuration, Environment environment, Jdbi jdbi,
                               TaskInputFilter taskInput, Clock clock) {
        RetentionPurge purge = new RetentionPurge(jdbi, configuration, clock, environment.metrics());
        ScheduledExecutorService scheduler = environment.lifecycle().scheduledExecutorService("retention-purge-%d")
                .threads(1).build();
        // Managed after its executor: Dropwizard stops in reverse order, so a running purge is told to stop between
        // batches before the executor waits for it, and both before the database pool closes.
        environment.lifecycle().manage(new Retention(purge, scheduler,
                configuration.getPurgeInterval().toMilliseconds()));
        environment.admin().addTask(taskInput.check(new RetentionPurgeTask(purge)));
    }

    @Override
    public void start() {
        scheduler.scheduleWithFixedDelay(this::runQuietly, Math.min(FIRST_RUN_DELAY_MILLIS, intervalMillis),
                intervalMillis, TimeUnit.MILLISECONDS);
        LOG.info("Retention purge scheduled", LogFields.of("intervalMs", intervalMillis));
    }

    @Override
    public void stop() {
        stopping = true;
    }

    private void runQuietly() {
        try {
            purge.run(() -> stopping);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep the schedule alive for the next run.
            LOG.warn("Retention purge failed; the next run tries again", e);
        }
    }
}
