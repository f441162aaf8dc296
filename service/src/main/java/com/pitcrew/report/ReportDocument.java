package com.pitcrew.report;

import com.pitcrew.report.RolloutFigures.Agreement;
import com.pitcrew.report.RolloutFigures.Cell;
import com.pitcrew.report.RolloutFigures.Period;
import com.pitcrew.report.RolloutFigures.Requests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The report as data, built once from the figures and rendered by both writers: tables, the plan's success
 * checklist, and the series the HTML charts draw. Immutable.
 */
record ReportDocument(String title, List<String> facts, List<Table> tables, List<Check> checklist,
                      List<BarChart> charts, List<TimelineBar> timeline, List<RolloutFigures.GuardEvent> guardEvents) {

    /** The plan's success criteria. */
    static final long FASTER_BY_MS = 150;
    static final double MIN_SKIP_SHARE = 0.30;
    static final double ACCURACY = 0.90;
    static final double RED_FLAG = 0.85;
    static final long MIN_SHADOW_SAMPLES = 20;
    static final int TIMELINE_BARS = 48;

    record Table(String title, List<String> headers, List<List<String>> rows) {
    }

    enum Status { MET, NOT_MET, NO_DATA }

    record Check(String criterion, Status status, String figure) {
    }

    /** One bar; {@code low}/{@code high} draw an interval when not NaN. */
    record Bar(String label, double value, double low, double high) {
    }

    record BarChart(String title, String unit, List<Bar> bars) {
    }

    /** Requests in one slice of time, how many skipped, and whether the kill switch engaged in it. */
    record TimelineBar(long fromMillis, long requests, long skipped, long errors, boolean killSwitchEngaged) {
    }

    /** A named slice of the requests. */
    private record Slice(String name, Predicate<Cell> which) {
    }

    static ReportDocument of(RolloutFigures figures, int files) {
        List<Slice> slices = new ArrayList<>();
        if (figures.hasBaseline()) {
            slices.add(new Slice("baseline (before the cut)", cell -> cell.period() == Period.BASELINE));
        }
        String after = figures.hasBaseline() ? "after the cut, " : "";
        slices.add(new Slice(after + "flag off", cell -> cell.period() == Period.ROLLOUT && cell.flag().equals("off")));
        slices.add(new Slice(after + "flag on", cell -> cell.period() == Period.ROLLOUT && cell.flag().equals("on")));
        slices.add(new Slice(after + "flag on, skipped", cell -> cell.period() == Period.ROLLOUT
                && cell.flag().equals("on") && cell.validation().equals("skipped")));
        slices.add(new Slice(after + "flag on, validated", cell -> cell.period() == Period.ROLLOUT
                && cell.flag().equals("on") && cell.validation().equals("validated")));

        List<Table> tables = new ArrayList<>();
        List<BarChart> charts = new ArrayList<>();
        latency(figures, slices, tables, charts);
        controlPlane(figures, tables, charts);
        Requests flagOn = figures.requests(cell -> cell.period() == Period.ROLLOUT && cell.flag().equals("on"));
        Requests rollout = figures.requests(cell -> cell.period() == Period.ROLLOUT);
        Requests skipped = figures.requests(cell -> cell.period() == Period.ROLLOUT
                && cell.validation().equals("skipped"));
        Agreement shadow = figures.shadow();
        long saved = Math.max(0, skipped.count() - shadow.samples());
        Requests validated = figures.requests(cell -> cell.validation().equals("validated"));
        double perCall = validated.stages.get("control_plane").mean()
                - skipped.stages.get("control_plane").mean();
        tables.add(new Table("Skipping", List.of("figure", "value"), List.of(
                List.of("share of flag-on requests skipping", ratio(skipped.count(), flagOn.count())),
                List.of("share of all requests skipping", ratio(skipped.count(), rollout.count())),
                List.of("`skipping LLM validation` lines", Long.toString(figures.skipLines())),
                List.of("LLM calls saved (skips minus shadow validations)", Long.toString(saved)),
                List.of("control_plane time saved per skip (validated mean − skipped mean)", millis(perCall)))));
        errors(figures, slices, tables);
        precision(figures, tables, charts);
        feedback(figures, tables);

        List<String> facts = new ArrayList<>();
        facts.add(files + " file(s), " + figures.lines() + " line(s), " + figures.malformed()
                + " malformed line(s) skipped");
        facts.add(figures.requests(cell -> true).count() + " request(s)");
        figures.baselineUntil().ifPresent(cut -> facts.add("baseline: requests before "
                + Instant.ofEpochMilli(cut)));
        for (Period period : Period.values()) {
            figures.span(period).ifPresent(range -> facts.add(period.name().toLowerCase(Locale.ROOT) + " requests from "
                    + Instant.ofEpochMilli(range[0]) + " to " + Instant.ofEpochMilli(range[1])));
        }
        if (figures.guardEventsDropped() > 0) {
            facts.add(figures.guardEventsDropped() + " further guard / kill switch line(s) not listed");
        }
        return new ReportDocument("PitCrew rollout report", facts, tables, checklist(figures, slices), charts,
                timeline(figures), figures.guardEvents());
    }

    private static void latency(RolloutFigures figures, List<Slice> slices, List<Table> tables, List<BarChart> charts) {
        List<String> headers = new ArrayList<>(List.of("requests", "slice", "totalTimeMs mean", "p50", "p95"));
        RolloutFigures.STAGES.forEach(stage -> headers.add(stage + " mean / p50 / p95"));
        List<List<String>> rows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        for (Slice slice : slices) {
            Requests requests = figures.requests(slice.which());
            List<String> row = new ArrayList<>(List.of(Long.toString(requests.count()), slice.name(),
                    millis(requests.total.mean()), millis(requests.total.quantile(0.5)),
                    millis(requests.total.quantile(0.95))));
            for (String stage : RolloutFigures.STAGES) {
                LatencyHistogram histogram = requests.stages.get(stage);
                row.add(millis(histogram.mean()) + " / " + millis(histogram.quantile(0.5)) + " / "
                        + millis(histogram.quantile(0.95)));
            }
            rows.add(row);
            if (requests.count() > 0) {
                bars.add(new Bar(slice.name() + " p50", requests.total.quantile(0.5), Double.NaN, Double.NaN));
                bars.add(new Bar(slice.name() + " p95", requests.total.quantile(0.95), Double.NaN, Double.NaN));
            }
        }
        tables.add(new Table("Latency (ms)", headers, rows));
        charts.add(new BarChart("totalTimeMs p50 and p95 by slice", "ms", bars));
    }

    private static void controlPlane(RolloutFigures figures, List<Table> tables, List<BarChart> charts) {
        List<List<String>> rows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        for (String validation : RolloutFigures.VALIDATIONS) {
            LatencyHistogram histogram = figures.requests(cell -> cell.validation().equals(validation))
                    .stages.get("control_plane");
            rows.add(List.of(validation, Long.toString(histogram.count()), millis(histogram.mean()),
                    millis(histogram.quantile(0.5)), millis(histogram.quantile(0.95))));
            if (histogram.count() > 0) {
                bars.add(new Bar(validation + " p50", histogram.quantile(0.5), Double.NaN, Double.NaN));
            }
        }
        tables.add(new Table("control_plane (ms), skipped vs validated",
                List.of("validation", "requests", "mean", "p50", "p95"), rows));
        charts.add(new BarChart("control_plane p50, skipped vs validated", "ms", bars));
    }

    private static void errors(RolloutFigures figures, List<Slice> slices, List<Table> tables) {
        List<List<String>> rows = new ArrayList<>();
        for (Slice slice : slices.subList(0, slices.size() - 2)) {
            Requests requests = figures.requests(slice.which());
            rows.add(List.of(slice.name(), Long.toString(requests.count()), Long.toString(requests.errors),
                    rate(requests.errorRate())));
        }
        tables.add(new Table("Error rate by cohort", List.of("cohort", "requests", "errors", "error rate"), rows));
    }

    private static void precision(RolloutFigures figures, List<Table> tables, List<BarChart> charts) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(agreementRow("all skips", figures.shadow()));
        figures.shadowByIntent().forEach((intent, agreement) -> rows.add(agreementRow("intent " + intent, agreement)));
        figures.shadowByRule().forEach((rule, agreement) -> rows.add(agreementRow("rule " + rule, agreement)));
        tables.add(new Table("Shadow precision of skips (95 % Wilson interval)",
                List.of("scope", "samples", "agreed", "precision", "interval"), rows));
        List<Bar> bars = new ArrayList<>();
        figures.shadowByRule().forEach((rule, agreement) -> {
            double[] interval = wilson(agreement);
            bars.add(new Bar(rule, agreement.precision(), interval[0], interval[1]));
        });
        charts.add(new BarChart("Shadow precision per rule, with its 95 % interval", "", bars));
    }

    private static List<String> agreementRow(String scope, Agreement agreement) {
        double[] interval = wilson(agreement);
        return List.of(scope, Long.toString(agreement.samples()), Long.toString(agreement.agreed()),
                rate(agreement.precision()), agreement.samples() == 0 ? "-"
                        : rate(interval[0]) + " – " + rate(interval[1]));
    }

    private static void feedback(RolloutFigures figures, List<Table> tables) {
        List<List<String>> rows = new ArrayList<>();
        figures.feedback().forEach((cohort, counts) -> rows.add(List.of(cohort, Long.toString(counts[0]),
                Long.toString(counts[1]), ratio(counts[1], counts[0] + counts[1]))));
        tables.add(new Table("Feedback by cohort", List.of("cohort", "👍", "👎", "👎 share"), rows));
        List<List<String>> reasons = new ArrayList<>();
        figures.feedbackReasons().forEach((cohort, counts) -> counts.forEach((reason, count) ->
                reasons.add(List.of(cohort, reason, Long.toString(count)))));
        tables.add(new Table("👎 reasons by cohort (what the rep said was wrong)", List.of("cohort", "reason",
                "👎 with this reason"), reasons));
    }

    private static List<Check> checklist(RolloutFigures figures, List<Slice> slices) {
        Slice reference = slices.get(0);
        Requests before = figures.requests(reference.which());
        Requests on = figures.requests(slices.get(figures.hasBaseline() ? 2 : 1).which());
        List<Check> checks = new ArrayList<>();
        String versus = "flag on " + millis(on.total.mean()) + " ms vs " + reference.name() + " "
                + millis(before.total.mean()) + " ms (mean totalTimeMs)";
        checks.add(before.count() == 0 || on.count() == 0
                ? new Check("≥ " + FASTER_BY_MS + " ms faster", Status.NO_DATA, versus)
                : new Check("≥ " + FASTER_BY_MS + " ms faster",
                        before.total.mean() - on.total.mean() >= FASTER_BY_MS ? Status.MET : Status.NOT_MET,
                        millis(before.total.mean() - on.total.mean()) + " ms faster: " + versus));
        String errors = "flag on " + rate(on.errorRate()) + " vs " + reference.name() + " " + rate(before.errorRate());
        checks.add(before.count() == 0 || on.count() == 0 ? new Check("no more errors", Status.NO_DATA, errors)
                : new Check("no more errors", on.errorRate() <= before.errorRate() ? Status.MET : Status.NOT_MET,
                        errors));
        Requests skipped = figures.requests(cell -> cell.period() == Period.ROLLOUT && cell.flag().equals("on")
                && cell.validation().equals("skipped"));
        double share = on.count() == 0 ? Double.NaN : (double) skipped.count() / on.count();
        checks.add(new Check("~40 % skipping (at least " + percent(MIN_SKIP_SHARE) + " of flag-on requests)",
                on.count() == 0 ? Status.NO_DATA : share >= MIN_SKIP_SHARE ? Status.MET : Status.NOT_MET,
                skipped.count() + " of " + on.count() + " = " + percent(share)));
        Agreement shadow = figures.shadow();
        double[] interval = wilson(shadow);
        String precision = "shadow precision " + rate(shadow.precision()) + " (" + shadow.agreed() + " of "
                + shadow.samples() + ", 95 % " + rate(interval[0]) + " – " + rate(interval[1]) + ")";
        boolean enough = shadow.samples() >= MIN_SHADOW_SAMPLES;
        checks.add(new Check("accuracy ≥ " + percent(ACCURACY), !enough ? Status.NO_DATA
                : shadow.precision() >= ACCURACY ? Status.MET : Status.NOT_MET, precision));
        checks.add(new Check("no red flag (accuracy < " + percent(RED_FLAG) + ")", !enough ? Status.NO_DATA
                : shadow.precision() >= RED_FLAG ? Status.MET : Status.NOT_MET, precision));
        return checks;
    }

    private static List<TimelineBar> timeline(RolloutFigures figures) {
        Map<Long, long[]> minutes = figures.perMinute();
        if (minutes.isEmpty()) {
            return List.of();
        }
        long first = minutes.keySet().iterator().next();
        long last = first;
        for (long minute : minutes.keySet()) {
            last = minute;
        }
        // A switch engaged after the last request (the guard runs on its own schedule) still belongs on the chart.
        for (RolloutFigures.GuardEvent event : figures.guardEvents()) {
            last = Math.max(last, event.atMillis() / 60_000);
        }
        long width = Math.max(1, (last - first + TIMELINE_BARS) / TIMELINE_BARS);
        Map<Long, long[]> bars = new LinkedHashMap<>();
        for (long bar = 0; bar <= (last - first) / width; bar++) {
            bars.put(bar, new long[4]);
        }
        minutes.forEach((minute, counts) -> {
            long[] bar = bars.get((minute - first) / width);
            for (int i = 0; i < 3; i++) {
                bar[i] += counts[i];
            }
        });
        for (RolloutFigures.GuardEvent event : figures.guardEvents()) {
            long bar = (event.atMillis() / 60_000 - first) / width;
            if (event.message().startsWith("Kill switch ENGAGED") && bars.containsKey(bar)) {
                bars.get(bar)[3] = 1;
            }
        }
        List<TimelineBar> timeline = new ArrayList<>();
        bars.forEach((bar, counts) -> timeline.add(new TimelineBar((first + bar * width) * 60_000, counts[0],
                counts[1], counts[2], counts[3] == 1)));
        return timeline;
    }

    /** The 95 % Wilson score interval of agreed / samples; NaNs without samples. */
    static double[] wilson(Agreement agreement) {
        return Wilson.interval95(agreement.samples(), agreement.agreed());
    }

    static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    static String rate(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String percent(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f %%", value * 100);
    }

    private static String ratio(long part, long whole) {
        return whole == 0 ? "-" : rate((double) part / whole);
    }
}
