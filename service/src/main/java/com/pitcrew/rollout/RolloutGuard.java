package com.pitcrew.rollout;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.PeriodicTask;
import com.pitcrew.execution.Threads;
import com.pitcrew.observability.LogFields;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the flag-on and flag-off cohorts (error rate, latency) and the shadow-validation precision of skips
 * against the rollback criteria; when one trips it engages the kill switch by itself. Only data since the kill
 * switch last changed counts, so a person clearing it starts a fresh judgement. Runs on a schedule (so it acts
 * with nobody watching) and on each health check. Thread-safe.
 */
public final class RolloutGuard implements Managed {

    public static final String ACTOR = "rollout-guard";

    private static final Logger LOG = LoggerFactory.getLogger(RolloutGuard.class);

    private final Jdbi jdbi;
    private final KillSwitch killSwitch;
    private final Criteria criteria;
    private final Clock clock;
    private final MetricRegistry metrics;
    private volatile Optional<Evaluation> latest = Optional.empty();
    private final PeriodicTask scheduler;

    /** The rollback criteria and how much data they need before they judge. */
    public record Criteria(double minShadowPrecision, long minShadowSamples, double maxErrorRateIncrease,
                           long minCohortRequests, Duration window, Duration interval) {
    }

    /** One cohort's figures over the window. */
    public record Cohort(long requests, long errors, double averageMillis, long thumbsDown) {
        public double errorRate() {
            return requests == 0 ? 0.0 : (double) errors / requests;
        }
    }

    /** The figures and the verdict; {@code trip} names the criterion that failed. */
    public record Evaluation(long fromMillis, long atMillis, long shadowSamples, long shadowAgreed,
                             Optional<Double> shadowPrecision, Cohort flagOn, Cohort flagOff, Optional<String> trip) {

        public Map<String, Object> asFields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("shadowSamples", shadowSamples);
            shadowPrecision.ifPresent(precision -> fields.put("shadowPrecision", round(precision)));
            fields.put("flagOnRequests", flagOn.requests());
            fields.put("flagOnErrorRate", round(flagOn.errorRate()));
            fields.put("flagOnAvgMs", Math.round(flagOn.averageMillis()));
            fields.put("flagOnThumbsDown", flagOn.thumbsDown());
            fields.put("flagOffRequests", flagOff.requests());
            fields.put("flagOffErrorRate", round(flagOff.errorRate()));
            fields.put("flagOffAvgMs", Math.round(flagOff.averageMillis()));
            fields.put("flagOffThumbsDown", flagOff.thumbsDown());
            trip.ifPresent(reason -> fields.put("trip", reason));
            return fields;
        }

        private static double round(double value) {
            return Math.round(value * 10_000) / 10_000.0;
        }
    }

    public RolloutGuard(Jdbi jdbi, KillSwitch killSwitch, Criteria criteria, Threads threads, Clock clock,
                        MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.killSwitch = killSwitch;
        this.criteria = criteria;
        this.clock = clock;
        this.metrics = metrics;
        metrics.gauge("pitcrew.rollout.shadow.precision",
                () -> () -> latest.flatMap(Evaluation::shadowPrecision).orElse(Double.NaN));
        this.scheduler = threads.periodic("rollout-guard",
                Duration.ofMillis(Math.max(1000, criteria.interval().toMillis())), this::evaluateQuietly);
    }

    /** Computes the figures now and, when a criterion fails, engages the kill switch. */
    public Evaluation evaluate() {
        long now = clock.millis();
        long from = killSwitch.windowStart(criteria.window(), now);
        Evaluation evaluation = jdbi.withHandle(handle -> {
            long[] shadow = shadow(handle, from);
            Optional<Double> precision = shadow[0] >= criteria.minShadowSamples() && shadow[0] > 0
                    ? Optional.of((double) shadow[1] / shadow[0]) : Optional.empty();
            Cohort on = cohort(handle, from, true);
            Cohort off = cohort(handle, from, false);
            return new Evaluation(from, now, shadow[0], shadow[1], precision, on, off, trip(precision, on, off));
        });
        latest = Optional.of(evaluation);
        // The scheduler and a health check (or two instances) may trip at once: only the one that engages counts.
        evaluation.trip().ifPresent(reason -> {
            if (!killSwitch.engaged() && killSwitch.engageIfClear("rollout guard: " + reason, ACTOR)) {
                metrics.counter("pitcrew.rollout.guard.tripped").inc();
                LOG.error("Rollout guard tripped: {}; kill switch engaged", reason,
                        LogFields.of(evaluation.asFields()));
            }
        });
        return evaluation;
    }

    public Optional<Evaluation> latest() {
        return latest;
    }

    public Criteria criteria() {
        return criteria;
    }

    private Optional<String> trip(Optional<Double> precision, Cohort on, Cohort off) {
        return shadowTrip(precision).or(() -> errorRateTrip(on, off));
    }

    private Optional<String> shadowTrip(Optional<Double> precision) {
        if (precision.isPresent() && precision.get() < criteria.minShadowPrecision()) {
            return Optional.of(String.format(java.util.Locale.ROOT, "shadow precision %.3f < %.2f",
                    precision.get(), criteria.minShadowPrecision()));
        }
        return Optional.empty();
    }

    private boolean enoughRequests(Cohort on, Cohort off) {
        return on.requests() >= criteria.minCohortRequests() && off.requests() >= criteria.minCohortRequests();
    }

    private Optional<String> errorRateTrip(Cohort on, Cohort off) {
        if (enoughRequests(on, off) && on.errorRate() - off.errorRate() > criteria.maxErrorRateIncrease()) {
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "flag-on error rate %.3f exceeds flag-off %.3f by more than %.2f",
                    on.errorRate(), off.errorRate(), criteria.maxErrorRateIncrease()));
        }
        return Optional.empty();
    }

    /** Each criterion of {@code evaluation} as a verdict against its rule, judged as {@link #evaluate} judges. */
    public List<CohortGuards.Verdict> verdicts(Evaluation evaluation) {
        String shadowRule = String.format(java.util.Locale.ROOT, "shadow precision of skips >= %.2f (>= %d samples); "
                + "the kill switch engages otherwise", criteria.minShadowPrecision(), criteria.minShadowSamples());
        String shadowFigures = String.format(java.util.Locale.ROOT, "%d of %d agreed", evaluation.shadowAgreed(),
                evaluation.shadowSamples());
        CohortGuards.Status shadow = evaluation.shadowPrecision().isEmpty() ? CohortGuards.Status.NOT_ENOUGH_DATA
                : shadowTrip(evaluation.shadowPrecision()).isPresent() ? CohortGuards.Status.TRIPPED
                : CohortGuards.Status.OK;
        String errorRule = String.format(java.util.Locale.ROOT, "flag-on error rate - flag-off error rate <= %.2f "
                + "(each >= %d requests); the kill switch engages otherwise", criteria.maxErrorRateIncrease(),
                criteria.minCohortRequests());
        Cohort on = evaluation.flagOn();
        Cohort off = evaluation.flagOff();
        String errorFigures = String.format(java.util.Locale.ROOT, "flag on %.3f (%d of %d), flag off %.3f (%d of %d)",
                on.errorRate(), on.errors(), on.requests(), off.errorRate(), off.errors(), off.requests());
        CohortGuards.Status errors = !enoughRequests(on, off) ? CohortGuards.Status.NOT_ENOUGH_DATA
                : errorRateTrip(on, off).isPresent() ? CohortGuards.Status.TRIPPED : CohortGuards.Status.OK;
        return List.of(new CohortGuards.Verdict("shadow precision", shadowRule, shadow, shadowFigures),
                new CohortGuards.Verdict("error rate", errorRule, errors, errorFigures));
    }

    private static long[] shadow(Handle handle, long from) {
        return handle.createQuery("SELECT COUNT(*) AS total, "
                        + "COALESCE(SUM(CASE WHEN agreed THEN 1 ELSE 0 END), 0) AS agreed "
                        + "FROM shadow_validations WHERE created_at >= :from")
                .bind("from", from)
                .map((rs, ctx) -> new long[] {rs.getLong("total"), rs.getLong("agreed")})
                .one();
    }

    private static Cohort cohort(Handle handle, long from, boolean flagOn) {
        Cohort figures = handle.createQuery("SELECT COUNT(*) AS requests, "
                        + "COALESCE(SUM(CASE WHEN outcome = 'error' THEN 1 ELSE 0 END), 0) AS errors, "
                        + "COALESCE(AVG(total_ms), 0) AS average_ms "
                        + "FROM interactions WHERE created_at >= :from AND flag_on = :flagOn")
                .bind("from", from)
                .bind("flagOn", flagOn)
                .map((rs, ctx) -> new Cohort(rs.getLong("requests"), rs.getLong("errors"), rs.getDouble("average_ms"), 0))
                .one();
        long thumbsDown = handle.createQuery("SELECT COUNT(*) FROM interaction_feedback f JOIN interactions i "
                        + "ON i.channel_id = f.channel_id AND i.reply_ts = f.reply_ts "
                        + "WHERE f.reaction = '-1' AND f.created_at >= :from AND i.flag_on = :flagOn")
                .bind("from", from)
                .bind("flagOn", flagOn)
                .mapTo(Long.class)
                .one();
        return new Cohort(figures.requests(), figures.errors(), figures.averageMillis(), thumbsDown);
    }

    @Override
    public void start() {
        scheduler.start();
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.rollout.guard.failed").inc();
            LOG.warn("Rollout guard evaluation failed", e);
        }
    }

    @Override
    public void stop() {
        scheduler.stop();
    }
}
