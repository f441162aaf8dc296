package com.pitcrew.rollout;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.intent.KillSwitchSource;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kill switch over the skip flag: stored in {@code feature_overrides} so every instance and a restart see it.
 * The request path reads a cached value that a background thread refreshes; it never touches the database.
 * Thread-safe.
 */
public final class KillSwitch implements Managed, KillSwitchSource {

    private static final Logger LOG = LoggerFactory.getLogger(KillSwitch.class);

    private final Jdbi jdbi;
    private final String flagName;
    private final Duration refreshEvery;
    private final Clock clock;
    private final MetricRegistry metrics;
    private volatile Optional<State> cached = Optional.empty();
    private ScheduledExecutorService refresher;

    /** What an operator (or a guard) last said, and when. */
    public record State(boolean engaged, String reason, String changedBy, long changedAtMillis) {
    }

    public KillSwitch(Jdbi jdbi, String flagName, Duration refreshEvery, Clock clock, MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.flagName = flagName;
        this.refreshEvery = refreshEvery;
        this.clock = clock;
        this.metrics = metrics;
        metrics.gauge("pitcrew.rollout.kill_switch.engaged", () -> () -> engaged() ? 1 : 0);
    }

    /** The cached value: engaged or not. */
    @Override
    public boolean engaged() {
        return cached.map(State::engaged).orElse(false);
    }

    public Optional<State> state() {
        return cached;
    }

    public void engage(String reason, String by) {
        write(true, reason, by);
        LOG.warn("Kill switch ENGAGED for {} by {}: {}", flagName, by, reason);
    }

    public void clear(String reason, String by) {
        write(false, reason, by);
        LOG.warn("Kill switch cleared for {} by {}: {}", flagName, by, reason);
    }

    private void write(boolean engaged, String reason, String by) {
        long now = clock.millis();
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE feature_overrides SET engaged = :engaged, reason = :reason, "
                            + "changed_by = :by, changed_at = :at WHERE flag_name = :flag")
                    .bind("engaged", engaged).bind("reason", reason).bind("by", by).bind("at", now)
                    .bind("flag", flagName).execute();
            if (updated == 0) {
                handle.createUpdate("INSERT INTO feature_overrides (flag_name, engaged, reason, changed_by, changed_at) "
                                + "VALUES (:flag, :engaged, :reason, :by, :at)")
                        .bind("engaged", engaged).bind("reason", reason).bind("by", by).bind("at", now)
                        .bind("flag", flagName).execute();
            }
        });
        cached = Optional.of(new State(engaged, reason, by, now));
    }

    /** Reads the stored value; on a database error the last known value stays and the failure is counted. */
    public void refresh() {
        try {
            cached = jdbi.withHandle(handle -> handle.createQuery(
                            "SELECT engaged, reason, changed_by, changed_at FROM feature_overrides WHERE flag_name = :flag")
                    .bind("flag", flagName)
                    .map((rs, ctx) -> new State(rs.getBoolean("engaged"), rs.getString("reason"),
                            rs.getString("changed_by"), rs.getLong("changed_at")))
                    .findOne());
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.rollout.kill_switch.refresh_failed").inc();
            LOG.warn("Could not refresh the kill switch; keeping the last known value", e);
        }
    }

    @Override
    public void start() {
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kill-switch-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, refreshEvery.toMillis());
        refresher.scheduleWithFixedDelay(this::refresh, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
