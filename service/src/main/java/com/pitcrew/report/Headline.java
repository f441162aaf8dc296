package com.pitcrew.report;

/**
 * The report's headline figures over every request of the logs (both periods, every cohort): what the end-to-end
 * bench computes for a run too, so a test can hold the two to the same numbers. Latencies are nearest-rank
 * percentiles in milliseconds, the same {@link LatencyHistogram} quantiles the report's tables print (NaN without
 * requests). Immutable.
 */
public record Headline(long requests, long skipped, double skipShare, double totalP50, double totalP95,
                       long controlPlaneSkipped, double controlPlaneSkippedP50, double controlPlaneSkippedP95,
                       long controlPlaneValidated, double controlPlaneValidatedP50, double controlPlaneValidatedP95) {

    static Headline of(RolloutFigures figures) {
        RolloutFigures.Requests all = figures.requests(cell -> true);
        LatencyHistogram skipped = figures.requests(cell -> cell.validation().equals("skipped"))
                .stages.get("control_plane");
        LatencyHistogram validated = figures.requests(cell -> cell.validation().equals("validated"))
                .stages.get("control_plane");
        long skips = figures.requests(cell -> cell.validation().equals("skipped")).count();
        return new Headline(all.count(), skips, all.count() == 0 ? Double.NaN : (double) skips / all.count(),
                all.total.quantile(0.5), all.total.quantile(0.95), skipped.count(), skipped.quantile(0.5),
                skipped.quantile(0.95), validated.count(), validated.quantile(0.5), validated.quantile(0.95));
    }
}
