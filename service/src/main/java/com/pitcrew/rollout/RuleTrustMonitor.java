package com.pitcrew.rollout;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.PeriodicTask;
import com.pitcrew.execution.Threads;
import com.pitcrew.intent.RuleAgreement;
import com.pitcrew.intent.RuleTrust;
import com.pitcrew.intent.RuleTrustView;
import com.pitcrew.observability.LogFields;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-rule trust from production labels, and the per-rule breakers. On a schedule (and on each health check) it
 * reads each rule's agreement with the LLM over the window, counting only skip-grade labels (pattern confidence at
 * or above the configured skip threshold) and, for a rule cleared by a person, only labels newer than the clear;
 * trips the breaker of a rule whose precision fell below the threshold; and publishes an immutable view that the
 * request path reads without touching the database. Thread-safe: the snapshot is one volatile reference and
 * refreshes are serialised.
 */
public final class RuleTrustMonitor implements RuleTrust, Managed {

    public static final String ACTOR = "rule-trust";

    /** The log message of a trip; its fields carry rule, samples, agreed, precision, threshold and reason. */
    static final String TRIPPED_MESSAGE = "Rule breaker tripped: the rule stops skipping LLM validation";

    private static final Logger LOG = LoggerFactory.getLogger(RuleTrustMonitor.class);

    private final ProductionLabelStore labels;
    private final RuleBreakerStore breakers;
    private final Settings settings;
    private final Clock clock;
    private final MetricRegistry metrics;
    private volatile Snapshot snapshot;
    private final PeriodicTask scheduler;

    /** How the monitor judges: the threshold the breaker guards, the window, the samples needed, how often. */
    public record Settings(double skipThreshold, Duration window, long minSamples, Duration refreshEvery) {
    }

    /** The view and the stored breakers it came from, as of {@code refreshedAtMillis} (0: never refreshed). */
    public record Snapshot(RuleTrustView view, Map<String, RuleBreakerStore.Breaker> breakers,
                           long refreshedAtMillis) {

        public List<RuleBreakerStore.Breaker> open() {
            return breakers.values().stream().filter(RuleBreakerStore.Breaker::tripped)
                    .sorted(Comparator.comparing(RuleBreakerStore.Breaker::ruleId)).toList();
        }
    }

    public RuleTrustMonitor(ProductionLabelStore labels, RuleBreakerStore breakers, Settings settings,
                            Threads threads, Clock clock, MetricRegistry metrics) {
        this.labels = labels;
        this.breakers = breakers;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.snapshot = new Snapshot(new RuleTrustView(Map.of(), Set.of(), settings.minSamples()), Map.of(), 0);
        metrics.gauge("pitcrew.rollout.rule_breaker.open", () -> () -> snapshot.view().openBreakers().size());
        this.scheduler = threads.periodic("rule-trust-refresh",
                Duration.ofMillis(Math.max(1000, settings.refreshEvery().toMillis())), this::refreshQuietly);
    }

    @Override
    public RuleTrustView view() {
        return snapshot.view();
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /**
     * The view an instance would publish now, read without tripping anything: for tools that must decide as the
     * server does and write nothing. Throws on a database error.
     */
    public static RuleTrustView read(ProductionLabelStore labels, RuleBreakerStore breakers, Settings settings,
                                     long nowMillis) {
        Map<String, RuleAgreement> agreements = labels.agreementByRule(nowMillis - settings.window().toMillis(),
                settings.skipThreshold());
        return new RuleTrustView(agreements, openRules(breakers.all()), settings.minSamples());
    }

    private static Set<String> openRules(List<RuleBreakerStore.Breaker> breakers) {
        return breakers.stream().filter(RuleBreakerStore.Breaker::tripped).map(RuleBreakerStore.Breaker::ruleId)
                .collect(Collectors.toSet());
    }

    /** Reads the labels and breakers, trips failing rules, publishes the new view. Throws on a database error. */
    public synchronized Snapshot refresh() {
        long now = clock.millis();
        Map<String, RuleBreakerStore.Breaker> stored = byRule(breakers.all());
        Map<String, RuleAgreement> agreements = labels.agreementByRule(now - settings.window().toMillis(),
                settings.skipThreshold());
        agreements.forEach((rule, agreement) -> {
            Optional<RuleBreakerStore.Breaker> seen = Optional.ofNullable(stored.get(rule));
            boolean open = seen.map(RuleBreakerStore.Breaker::tripped).orElse(false);
            if (!open && agreement.failing(settings.minSamples(), settings.skipThreshold())) {
                trip(rule, seen, agreement, now);
            }
        });
        // Read again: what this instance tripped, and what another instance tripped or a person cleared meanwhile.
        List<RuleBreakerStore.Breaker> read = breakers.all();
        Map<String, RuleBreakerStore.Breaker> current = byRule(read);
        snapshot = new Snapshot(new RuleTrustView(agreements, openRules(read), settings.minSamples()),
                Map.copyOf(current), now);
        return snapshot;
    }

    private void trip(String rule, Optional<RuleBreakerStore.Breaker> seen, RuleAgreement agreement, long now) {
        String reason = String.format(Locale.ROOT, "production precision %.3f (%d of %d agreed) < skip threshold %.2f",
                agreement.precision(), agreement.agreed(), agreement.samples(), settings.skipThreshold());
        if (breakers.trip(rule, seen, agreement, settings.skipThreshold(), reason, ACTOR, now)) {
            metrics.counter("pitcrew.rollout.rule_breaker.tripped").inc();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("rule", rule);
            figures.put("samples", agreement.samples());
            figures.put("agreed", agreement.agreed());
            figures.put("precision", Math.round(agreement.precision() * 10_000) / 10_000.0);
            figures.put("threshold", settings.skipThreshold());
            figures.put("reason", reason);
            LOG.warn(TRIPPED_MESSAGE, LogFields.of(figures));
        }
    }

    /** Clears {@code ruleId}'s open breaker and refreshes this instance at once; false when none was open. */
    public boolean clear(String ruleId, String reason, String by) {
        boolean cleared = breakers.clear(ruleId, reason, by, clock.millis());
        if (cleared) {
            LOG.warn("Rule breaker cleared for {} by {}: {}", ruleId, by, reason);
            refreshQuietly();
        }
        return cleared;
    }

    private static Map<String, RuleBreakerStore.Breaker> byRule(List<RuleBreakerStore.Breaker> all) {
        return all.stream().collect(Collectors.toMap(RuleBreakerStore.Breaker::ruleId, Function.identity()));
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.rollout.rule_trust.refresh_failed").inc();
            LOG.warn("Could not refresh rule trust; keeping the last view", e);
        }
    }

    /** Reads once before the first request, then on the schedule. */
    @Override
    public void start() {
        refreshQuietly();
        scheduler.start();
    }

    @Override
    public void stop() {
        scheduler.stop();
    }
}
