package com.pitcrew.rollout;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.PeriodicTask;
import com.pitcrew.execution.Threads;
import com.pitcrew.intent.KillSwitchSource;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kill switch over the skip flag: stored in {@code feature_overrides} so every instance and a restart see it.
 * The request path reads a cached value that a background thread refreshes; it never touches the database.
 *
 * <p>Thread-safe, and safe across instances: every write is one upsert that bumps the row's version, the cache only
 * ever moves to a higher version (a refresh that read before a write cannot undo it), and {@link #engageIfClear}
 * engages in one conditional statement, so two callers racing to engage it engage it once.
 */
public final class KillSwitch implements Managed, KillSwitchSource {

    private static final Logger LOG = LoggerFactory.getLogger(KillSwitch.class);

    private final Jdbi jdbi;
    private final String flagName;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final AtomicReference<Optional<State>> cached = new AtomicReference<>(Optional.empty());
    private final PeriodicTask refresher;

    /** What an operator (or a guard) last said, and when; {@code version} grows with every write. */
    public record State(boolean engaged, String reason, String changedBy, long changedAtMillis, long version) {
    }

    public KillSwitch(Jdbi jdbi, String flagName, Duration refreshEvery, Threads threads, Clock clock,
                      MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.flagName = flagName;
        this.clock = clock;
        this.metrics = metrics;
        this.refresher = threads.periodic("kill-switch-refresh", refreshEvery, this::refresh);
        metrics.gauge("pitcrew.rollout.kill_switch.engaged", () -> () -> engaged() ? 1 : 0);
    }

    /**
     * Where a guard's window starts at {@code nowMillis}: the last {@code window}, but not before the switch last
     * changed, so a person clearing it starts a fresh judgement.
     */
    public long windowStart(Duration window, long nowMillis) {
        return Math.max(nowMillis - window.toMillis(), state().map(State::changedAtMillis).orElse(0L));
    }

    /** The cached value: engaged or not. */
    @Override
    public boolean engaged() {
        return cached.get().map(State::engaged).orElse(false);
    }

    public Optional<State> state() {
        return cached.get();
    }

    public void engage(String reason, String by) {
        write(true, reason, by);
        LOG.warn("Kill switch ENGAGED for {} by {}: {}", flagName, by, reason);
    }

    public void clear(String reason, String by) {
        write(false, reason, by);
        LOG.warn("Kill switch cleared for {} by {}: {}", flagName, by, reason);
    }

    /**
     * Engages the switch unless it is engaged already (by this instance or another); true when this call engaged it.
     * One conditional UPDATE, or the first INSERT when no row exists yet: of two racing callers only one wins.
     */
    public boolean engageIfClear(String reason, String by) {
        long now = clock.millis();
        Optional<State> engaged = jdbi.inTransaction(handle -> {
            int changed = handle.createUpdate("UPDATE feature_overrides SET engaged = TRUE, reason = :reason, "
                            + "changed_by = :by, changed_at = :at, version = version + 1 "
                            + "WHERE flag_name = :flag AND engaged = FALSE")
                    .bind("reason", reason).bind("by", by).bind("at", now).bind("flag", flagName).execute();
            if (changed == 0) {
                changed = handle.createUpdate("INSERT IGNORE INTO feature_overrides (flag_name, engaged, reason, "
                                + "changed_by, changed_at, version) VALUES (:flag, TRUE, :reason, :by, :at, 1)")
                        .bind("reason", reason).bind("by", by).bind("at", now).bind("flag", flagName).execute();
            }
            return changed == 0 ? Optional.<State>empty() : read(handle);
        });
        engaged.ifPresentOrElse(this::offer, this::refresh);
        if (engaged.isPresent()) {
            LOG.warn("Kill switch ENGAGED for {} by {}: {}", flagName, by, reason);
        }
        return engaged.isPresent();
    }

    /** One upsert (no check-then-insert race between instances), then the version it wrote, in one transaction. */
    private void write(boolean engaged, String reason, String by) {
        long now = clock.millis();
        State written = jdbi.inTransaction(handle -> {
            handle.createUpdate("INSERT INTO feature_overrides (flag_name, engaged, reason, changed_by, changed_at, "
                            + "version) VALUES (:flag, :engaged, :reason, :by, :at, 1) "
                            + "ON DUPLICATE KEY UPDATE engaged = VALUES(engaged), reason = VALUES(reason), "
                            + "changed_by = VALUES(changed_by), changed_at = VALUES(changed_at), version = version + 1")
                    .bind("engaged", engaged).bind("reason", reason).bind("by", by).bind("at", now)
                    .bind("flag", flagName).execute();
            return read(handle).orElseThrow();
        });
        offer(written);
    }

    private Optional<State> read(Handle handle) {
        return handle.createQuery("SELECT engaged, reason, changed_by, changed_at, version FROM feature_overrides "
                        + "WHERE flag_name = :flag")
                .bind("flag", flagName)
                .map((rs, ctx) -> new State(rs.getBoolean("engaged"), rs.getString("reason"),
                        rs.getString("changed_by"), rs.getLong("changed_at"), rs.getLong("version")))
                .findOne();
    }

    /** Keeps {@code state} unless the cache already holds a later version. */
    private void offer(State state) {
        cached.updateAndGet(current -> current.isPresent() && current.get().version() > state.version()
                ? current : Optional.of(state));
    }

    /** Reads the stored value; on a database error the last known value stays and the failure is counted. */
    public void refresh() {
        try {
            jdbi.withHandle(this::read).ifPresent(this::offer);
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.rollout.kill_switch.refresh_failed").inc();
            LOG.warn("Could not refresh the kill switch; keeping the last known value", e);
        }
    }

    @Override
    public void start() {
        refresh();
        refresher.start();
    }

    @Override
    public void stop() {
        refresher.stop();
    }
}
