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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guards beside {@link RolloutGuard} that compare skipped with validated answers over the same window (the
 * last {@code guardWindow}, only since the kill switch last changed):
 * <ul>
 *   <li>latency: skipped requests must stay faster than validated ones at p50, else a warning (the optimisation
 *       stopped paying; nothing is rolled back for it);</li>
 *   <li>feedback: the 👎 share of reactions on skipped answers may exceed that on validated answers by at most
 *       {@code maxThumbsDownIncrease}, once each side has {@code minFeedbackSamples} reactions; beyond, the kill
 *       switch engages by itself.</li>
 * </ul>
 * Runs on the guard's schedule and on each health check. Thread-safe.
 */
public final class CohortGuards implements Managed {

    public static final String ACTOR = "feedback-guard";

    private static final Logger LOG = LoggerFactory.getLogger(CohortGuards.class);

    private final Jdbi jdbi;
    private final KillSwitch killSwitch;
    private final Settings settings;
    private final Clock clock;
    private final MetricRegistry metrics;
    private volatile boolean latencyWarned;
    private volatile Optional<Evaluation> latest = Optional.empty();
    private final PeriodicTask scheduler;

    /** The guards' rules and how much data they need before they judge. */
    public record Settings(long minLatencySamples, long minFeedbackSamples, double maxThumbsDownIncrease,
                           Duration window, Duration interval) {
    }

    /** Requests of one validation over the window and their median total time. */
    public record Latency(long requests, OptionalLong p50Millis) {
    }

    /** 👍 and 👎 on the answers of one validation over the window. */
    public record Feedback(long up, long down) {
        public long total() {
            return up + down;
        }

        public double downShare() {
            return total() == 0 ? 0.0 : (double) down / total();
        }
    }

    /** What the guards read: skipped vs validated. */
    public record Window(long fromMillis, Latency skipped, Latency validated, Feedback skippedFeedback,
                         Feedback validatedFeedback) {
    }

    /** How a guard judged the window. */
    public enum Status { OK, WARNING, TRIPPED, NOT_ENOUGH_DATA }

    /** One guard's verdict: its rule, the status and the figures it judged. */
    public record Verdict(String guard, String rule, Status status, String figures) {
    }

    /** Both verdicts over one window. */
    public record Evaluation(Window window, Verdict latency, Verdict feedback) {
        public List<Verdict> verdicts() {
            return List.of(latency, feedback);
        }
    }

    public CohortGuards(Jdbi jdbi, KillSwitch killSwitch, Settings settings, Threads threads, Clock clock,
                        MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.killSwitch = killSwitch;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        metrics.gauge("pitcrew.rollout.latency_guard.warning", () -> () -> latencyWarned ? 1 : 0);
        this.scheduler = threads.periodic("cohort-guards",
                Duration.ofMillis(Math.max(1000, settings.interval().toMillis())), this::evaluateQuietly);
    }

    /** Reads the window now, judges it and acts: a warning logged once per episode, a feedback trip engages. */
    public Evaluation evaluate() {
        long now = clock.millis();
        long from = killSwitch.windowStart(settings.window(), now);
        Window window = jdbi.withHandle(handle -> new Window(from, latency(handle, from, "skipped"),
                latency(handle, from, "validated"), feedback(handle, from, "skipped"),
                feedback(handle, from, "validated")));
        Evaluation evaluation = new Evaluation(window, latency(window, settings), feedback(window, settings));
        latest = Optional.of(evaluation);
        boolean warning = evaluation.latency().status() == Status.WARNING;
        if (warning && !latencyWarned) {
            metrics.counter("pitcrew.rollout.latency_guard.warned").inc();
            LOG.warn("Latency guard: skipped requests are no faster than validated ones at p50",
                    LogFields.of(fields(evaluation.latency())));
        }
        latencyWarned = warning;
        if (evaluation.feedback().status() == Status.TRIPPED && !killSwitch.engaged()) {
            metrics.counter("pitcrew.rollout.feedback_guard.tripped").inc();
            LOG.error("Feedback guard tripped: {}; engaging the kill switch", evaluation.feedback().figures(),
                    LogFields.of(fields(evaluation.feedback())));
            killSwitch.engage("feedback guard: " + evaluation.feedback().figures(), ACTOR);
        }
        return evaluation;
    }

    public Optional<Evaluation> latest() {
        return latest;
    }

    static Verdict latency(Window window, Settings settings) {
        String rule = "skipped p50 totalTimeMs < validated p50 (each >= " + settings.minLatencySamples()
                + " requests); a warning otherwise";
        Latency skipped = window.skipped();
        Latency validated = window.validated();
        String figures = String.format(Locale.ROOT, "skipped p50 %s ms (%d requests), validated p50 %s ms "
                        + "(%d requests)", p50(skipped), skipped.requests(), p50(validated), validated.requests());
        if (skipped.requests() < settings.minLatencySamples() || validated.requests() < settings.minLatencySamples()
                || skipped.p50Millis().isEmpty() || validated.p50Millis().isEmpty()) {
            return new Verdict("latency", rule, Status.NOT_ENOUGH_DATA, figures);
        }
        boolean faster = skipped.p50Millis().getAsLong() < validated.p50Millis().getAsLong();
        return new Verdict("latency", rule, faster ? Status.OK : Status.WARNING, figures);
    }

    static Verdict feedback(Window window, Settings settings) {
        String rule = String.format(Locale.ROOT, "thumbs-down share on skipped answers - on validated answers <= %.2f "
                + "(each >= %d reactions); the kill switch engages otherwise", settings.maxThumbsDownIncrease(),
                settings.minFeedbackSamples());
        Feedback skipped = window.skippedFeedback();
        Feedback validated = window.validatedFeedback();
        String figures = String.format(Locale.ROOT, "thumbs-down share skipped %.3f (%d of %d), validated %.3f "
                        + "(%d of %d)", skipped.downShare(), skipped.down(), skipped.total(), validated.downShare(),
                validated.down(), validated.total());
        if (skipped.total() < settings.minFeedbackSamples() || validated.total() < settings.minFeedbackSamples()) {
            return new Verdict("feedback", rule, Status.NOT_ENOUGH_DATA, figures);
        }
        boolean worse = skipped.downShare() - validated.downShare() > settings.maxThumbsDownIncrease();
        return new Verdict("feedback", rule, worse ? Status.TRIPPED : Status.OK, figures);
    }

    static Map<String, Object> fields(Verdict verdict) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("guard", verdict.guard());
        fields.put("status", verdict.status().name().toLowerCase(Locale.ROOT));
        fields.put("figures", verdict.figures());
        fields.put("rule", verdict.rule());
        return fields;
    }

    private static String p50(Latency latency) {
        return latency.p50Millis().isPresent() ? Long.toString(latency.p50Millis().getAsLong()) : "-";
    }

    private static Latency latency(Handle handle, long from, String validation) {
        long requests = handle.createQuery("SELECT COUNT(*) FROM interactions WHERE created_at >= :from "
                        + "AND validation = :validation")
                .bind("from", from).bind("validation", validation).mapTo(Long.class).one();
        if (requests == 0) {
            return new Latency(0, OptionalLong.empty());
        }
        // The median row itself (nearest rank), so the window is never loaded whole.
        Optional<Long> median = handle.createQuery("SELECT total_ms FROM interactions WHERE created_at >= :from "
                        + "AND validation = :validation ORDER BY total_ms LIMIT 1 OFFSET :offset")
                .bind("from", from).bind("validation", validation).bind("offset", (requests - 1) / 2)
                .mapTo(Long.class).findFirst();
        return new Latency(requests, median.map(OptionalLong::of).orElse(OptionalLong.empty()));
    }

    private static Feedback feedback(Handle handle, long from, String validation) {
        Map<String, Long> byReaction = new LinkedHashMap<>();
        handle.createQuery("SELECT f.reaction AS reaction, COUNT(*) AS n FROM interaction_feedback f "
                        + "JOIN interactions i ON i.channel_id = f.channel_id AND i.reply_ts = f.reply_ts "
                        + "WHERE f.created_at >= :from AND i.validation = :validation GROUP BY f.reaction")
                .bind("from", from).bind("validation", validation)
                .map((rs, ctx) -> Map.entry(rs.getString("reaction"), rs.getLong("n")))
                .forEach(entry -> byReaction.put(entry.getKey(), entry.getValue()));
        return new Feedback(byReaction.getOrDefault("+1", 0L), byReaction.getOrDefault("-1", 0L));
    }

    @Override
    public void start() {
        scheduler.start();
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.rollout.cohort_guards.failed").inc();
            LOG.warn("Latency and feedback guard evaluation failed", e);
        }
    }

    @Override
    public void stop() {
        scheduler.stop();
    }
}
