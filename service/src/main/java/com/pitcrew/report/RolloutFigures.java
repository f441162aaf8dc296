package com.pitcrew.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Everything the report says, accumulated one log line at a time in bounded memory: per (period, flag cohort,
 * validation) a latency histogram of the total and of each stage, requests and errors; shadow validations per
 * intent and rule; feedback per cohort; a per-minute timeline; the guard's and kill switch's lines. Keys are
 * bounded (normalised cohorts; at most {@link #MAX_KEYS} intents or rules, the rest pooled). Not thread-safe.
 */
final class RolloutFigures {

    static final List<String> STAGES = List.of("meeting_resolution", "control_plane", "handler");
    static final List<String> VALIDATIONS = List.of("skipped", "validated", "unavailable");
    static final int MAX_KEYS = 500;
    static final int MAX_EVENTS = 200;
    static final String OTHER_KEY = "(others)";

    enum Period { BASELINE, ROLLOUT }

    /** One cell of requests: flag {@code on}/{@code off}, validation {@code skipped}/{@code validated}/... */
    record Cell(Period period, String flag, String validation) {
    }

    /** Requests of a cell, or of several merged. */
    static final class Requests {
        final LatencyHistogram total = new LatencyHistogram();
        final Map<String, LatencyHistogram> stages = new LinkedHashMap<>();
        long errors;

        Requests() {
            STAGES.forEach(stage -> stages.put(stage, new LatencyHistogram()));
        }

        long count() {
            return total.count();
        }

        double errorRate() {
            return count() == 0 ? Double.NaN : (double) errors / count();
        }

        void addAll(Requests other) {
            total.addAll(other.total);
            other.stages.forEach((stage, histogram) -> stages.get(stage).addAll(histogram));
            errors += other.errors;
        }
    }

    /** agreed / samples of shadow validations. */
    record Agreement(long samples, long agreed) {
        Agreement plus(boolean agreedNow) {
            return new Agreement(samples + 1, agreed + (agreedNow ? 1 : 0));
        }

        double precision() {
            return samples == 0 ? Double.NaN : (double) agreed / samples;
        }
    }

    /** A line of the guard or the kill switch, with its time. */
    record GuardEvent(long atMillis, String message) {
    }

    private final Optional<Long> baselineUntil;
    private final Map<Cell, Requests> cells = new LinkedHashMap<>();
    private final Map<String, Agreement> shadowByIntent = new TreeMap<>();
    private final Map<String, Agreement> shadowByRule = new TreeMap<>();
    private final Map<String, long[]> feedback = new TreeMap<>();
    /** Per cohort: how many 👎 gave each reason. */
    private final Map<String, Map<String, Long>> feedbackReasons = new TreeMap<>();
    private final TreeMap<Long, long[]> perMinute = new TreeMap<>();
    private final List<GuardEvent> guardEvents = new ArrayList<>();
    private final Map<Period, long[]> span = new EnumMap<>(Period.class);
    private long lines;
    private long malformed;
    private long guardEventsDropped;
    private long skipLines;
    private Agreement shadowAll = new Agreement(0, 0);

    RolloutFigures(Optional<Long> baselineUntil) {
        this.baselineUntil = baselineUntil;
    }

    void countMalformed() {
        lines++;
        malformed++;
    }

    void accept(LogEvent event) {
        lines++;
        if (event.isRequestSummary()) {
            request(event);
        } else if (event.isShadowValidation()) {
            boolean agreed = event.shadowAgreed().orElseThrow();
            shadowAll = shadowAll.plus(agreed);
            bump(shadowByIntent, event.patternIntent().orElse("unknown"), agreed);
            bump(shadowByRule, event.rule().orElse("unknown"), agreed);
        } else if (event.isFeedbackReason()) {
            String cohort = "flag " + flag(event.flag()) + ", " + validation(event.validation());
            Map<String, Long> reasons = bounded(feedbackReasons, cohort, TreeMap::new);
            String reason = event.reason().orElseThrow();
            reasons.merge(reasons.containsKey(reason) || reasons.size() < MAX_KEYS ? reason : OTHER_KEY, 1L,
                    Long::sum);
        } else if (event.isFeedback()) {
            String cohort = "flag " + flag(event.flag()) + ", " + validation(event.validation());
            long[] counts = bounded(feedback, cohort, () -> new long[2]);
            String reaction = event.reaction().orElseThrow();
            if ("+1".equals(reaction)) {
                counts[0]++;
            } else if ("-1".equals(reaction)) {
                counts[1]++;
            }
        } else if ("skipping LLM validation".equals(event.message())) {
            skipLines++;
        } else if (event.message().startsWith("Kill switch ") || event.message().startsWith("Rollout guard tripped")) {
            if (guardEvents.size() < MAX_EVENTS) {
                guardEvents.add(new GuardEvent(event.atMillis(), event.message()));
            } else {
                guardEventsDropped++;
            }
        }
    }

    private void request(LogEvent event) {
        Period period = baselineUntil.isPresent() && event.atMillis() >= 0 && event.atMillis() < baselineUntil.get()
                ? Period.BASELINE : Period.ROLLOUT;
        String validation = validation(event.validation());
        Requests requests = cells.computeIfAbsent(new Cell(period, flag(event.flag()), validation),
                cell -> new Requests());
        requests.total.add(event.totalTimeMs().orElseThrow());
        event.stages().forEach((stage, millis) -> {
            LatencyHistogram histogram = requests.stages.get(stage);
            if (histogram != null) {
                histogram.add(millis);
            }
        });
        boolean failed = LogEvent.FAILED.equals(event.message());
        if (failed) {
            requests.errors++;
        }
        if (event.atMillis() >= 0) {
            long[] minute = perMinute.computeIfAbsent(event.atMillis() / 60_000, key -> new long[3]);
            minute[0]++;
            minute[1] += "skipped".equals(validation) ? 1 : 0;
            minute[2] += failed ? 1 : 0;
            long[] range = span.computeIfAbsent(period, key -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            range[0] = Math.min(range[0], event.atMillis());
            range[1] = Math.max(range[1], event.atMillis());
        }
    }

    private static String flag(Optional<String> flag) {
        return flag.filter(value -> value.equals("on") || value.equals("off")).orElse("unknown");
    }

    private static String validation(Optional<String> validation) {
        return validation.filter(VALIDATIONS::contains).orElse("unknown");
    }

    private static void bump(Map<String, Agreement> map, String key, boolean agreed) {
        String bounded = map.containsKey(key) || map.size() < MAX_KEYS ? key : OTHER_KEY;
        map.merge(bounded, new Agreement(1, agreed ? 1 : 0),
                (a, b) -> new Agreement(a.samples() + b.samples(), a.agreed() + b.agreed()));
    }

    private static <T> T bounded(Map<String, T> map, String key, java.util.function.Supplier<T> fresh) {
        String bounded = map.containsKey(key) || map.size() < MAX_KEYS ? key : OTHER_KEY;
        return map.computeIfAbsent(bounded, k -> fresh.get());
    }

    /** The requests of every cell {@code which} accepts, merged. */
    Requests requests(Predicate<Cell> which) {
        Requests merged = new Requests();
        cells.forEach((cell, requests) -> {
            if (which.test(cell)) {
                merged.addAll(requests);
            }
        });
        return merged;
    }

    boolean hasBaseline() {
        return baselineUntil.isPresent();
    }

    Optional<Long> baselineUntil() {
        return baselineUntil;
    }

    long lines() {
        return lines;
    }

    long malformed() {
        return malformed;
    }

    long skipLines() {
        return skipLines;
    }

    Agreement shadow() {
        return shadowAll;
    }

    Map<String, Agreement> shadowByIntent() {
        return Collections.unmodifiableMap(shadowByIntent);
    }

    Map<String, Agreement> shadowByRule() {
        return Collections.unmodifiableMap(shadowByRule);
    }

    /** Per cohort: [👍, 👎]. */
    Map<String, long[]> feedback() {
        return Collections.unmodifiableMap(feedback);
    }

    Map<String, Map<String, Long>> feedbackReasons() {
        return Collections.unmodifiableMap(feedbackReasons);
    }

    /** Per minute since the epoch: [requests, skipped, errors]. */
    Map<Long, long[]> perMinute() {
        return Collections.unmodifiableMap(perMinute);
    }

    List<GuardEvent> guardEvents() {
        return Collections.unmodifiableList(guardEvents);
    }

    long guardEventsDropped() {
        return guardEventsDropped;
    }

    /** First and last request time of a period, when any request of it had one. */
    Optional<long[]> span(Period period) {
        return Optional.ofNullable(span.get(period));
    }
}
