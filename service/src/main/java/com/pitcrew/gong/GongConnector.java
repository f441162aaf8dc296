package com.pitcrew.gong;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.execution.Pauser;
import com.pitcrew.execution.PeriodicTask;
import com.pitcrew.execution.Threads;
import com.pitcrew.meetings.MeetingImporter;
import com.pitcrew.observability.CorrelationId;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gong connector, assembled: client, sync and its stored mark. {@link #register} adds the {@code sync-gong}
 * admin task, the {@code gong} health check and this lifecycle, which catches up every {@code gong.syncInterval}.
 * Without credentials it is off: it says so at start and in the health check (healthy), and never calls Gong.
 *
 * <p>Thread-safe: syncs from the schedule, the task and the command take turns on the sync's lock; the last
 * outcome is published through a volatile field.
 */
public final class GongConnector implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(GongConnector.class);
    /** What the service says when the connector is off. */
    public static final String OFF = "Gong connector off: GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET are not set";

    /** The outcome of the last sync this process ran. */
    private record Outcome(Instant at, boolean succeeded, String message) {
    }

    private final GongConfiguration configuration;
    private final Optional<GongSync> sync;
    private final Clock clock;
    private final Counter syncFailures;
    private volatile Optional<Outcome> last = Optional.empty();
    /** The catch-up schedule; empty when off or when {@code gong.syncInterval} is 0. */
    private final Optional<PeriodicTask> schedule;

    GongConnector(GongConfiguration configuration, Jdbi jdbi, MeetingImporter importer, MetricRegistry metrics,
                  Threads threads, Clock clock, LongSupplier nanoTime, Pauser pauser) {
        configuration.validate();
        this.configuration = configuration;
        this.clock = clock;
        this.sync = configuration.configured()
                ? Optional.of(new GongSync(new GongClient(configuration, new ObjectMapper(), metrics, nanoTime, pauser),
                        new GongSyncState(jdbi), importer, configuration, clock, metrics))
                : Optional.empty();
        this.syncFailures = metrics.counter("pitcrew.gong.sync.failed");
        this.schedule = sync.isPresent() && !configuration.syncInterval().isZero()
                ? Optional.of(threads.periodic("gong-sync", Duration.ZERO, configuration.syncInterval(),
                        this::catchUp))
                : Optional.empty();
    }

    public static GongConnector create(GongConfiguration configuration, Jdbi jdbi, MeetingImporter importer,
                                       MetricRegistry metrics, Threads threads, Clock clock) {
        return new GongConnector(configuration, jdbi, importer, metrics, threads, clock, System::nanoTime,
                Pauser.SLEEP);
    }

    /** Whether credentials are set. */
    public boolean configured() {
        return sync.isPresent();
    }

    /**
     * One sync now, on the caller's thread; {@code progress} hears a line per call and per page. Returns the
     * summary line. Throws {@link GongException} when Gong cannot be asked, {@link IllegalStateException} when off.
     */
    public String syncNow(Consumer<String> progress) {
        GongSync running = sync.orElseThrow(() -> new IllegalStateException(OFF));
        try {
            String summary = running.run(progress).describe();
            last = Optional.of(new Outcome(clock.instant(), true, summary));
            return summary;
        } catch (RuntimeException e) {
            syncFailures.inc();
            last = Optional.of(new Outcome(clock.instant(), false, e.getMessage()));
            throw e;
        }
    }

    public void register(Environment environment) {
        environment.admin().addTask(new Task("sync-gong") {
            @Override
            public void execute(Map<String, List<String>> parameters, PrintWriter output) {
                if (!configured()) {
                    output.println(OFF);
                    return;
                }
                try {
                    output.println(syncNow(line -> { }));
                } catch (GongException e) {
                    output.println("sync-gong failed: " + e.getMessage());
                }
            }
        });
        environment.healthChecks().register("gong", new HealthCheck() {
            @Override
            protected Result check() {
                return health();
            }
        });
        environment.lifecycle().manage(this);
    }

    HealthCheck.Result health() {
        if (!configured()) {
            return HealthCheck.Result.healthy(OFF);
        }
        Optional<Outcome> outcome = last;
        if (outcome.isEmpty()) {
            return HealthCheck.Result.healthy("no sync yet in this process");
        }
        String message = "last sync at " + outcome.get().at() + ": " + outcome.get().message();
        return outcome.get().succeeded() ? HealthCheck.Result.healthy(message) : HealthCheck.Result.unhealthy(message);
    }

    @Override
    public void start() {
        if (!configured()) {
            LOG.info(OFF + "; sync-gong and the schedule are off");
            return;
        }
        if (schedule.isEmpty()) {
            LOG.info("Gong connector on, no schedule (gong.syncInterval is 0): sync with sync-gong or /tasks/sync-gong");
            return;
        }
        schedule.get().start();
        LOG.info("Gong connector on: catching up every {}", configuration.syncInterval());
    }

    private void catchUp() {
        try (CorrelationId.MdcScope ignored = CorrelationId.bind(CorrelationId.generate())) {
            syncNow(line -> { });
        } catch (RuntimeException e) {
            // A failed run must not cancel the schedule: the next run tries again from the stored mark.
            LOG.error("Scheduled Gong sync failed; retrying in {}", configuration.syncInterval(), e);
        }
    }

    @Override
    public void stop() {
        schedule.ifPresent(PeriodicTask::stop); // a sync in progress finishes before the lifecycle closes its pool
    }
}
