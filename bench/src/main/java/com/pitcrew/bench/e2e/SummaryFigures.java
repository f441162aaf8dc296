package com.pitcrew.bench.e2e;

import com.pitcrew.report.LogEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's figures that come from the service's per-request summary lines alone (as {@link LogEvent}s, parsed
 * by the report's parser): requests summarised, skip share, service time, queue wait, each stage, control_plane
 * skipped vs validated. A pure function of the lines, so a test can hold it to the {@code report} command's figures
 * for the same log.
 */
record SummaryFigures(int summarised, int skipped, List<Double> queueWait, List<Double> serviceTime,
                      List<Double> controlPlaneSkipped, List<Double> controlPlaneValidated,
                      Map<String, List<Double>> stages, Map<String, Integer> speculation) {

    static SummaryFigures of(Collection<LogEvent> summaries) {
        List<Double> queueWait = new ArrayList<>();
        List<Double> service = new ArrayList<>();
        List<Double> cpSkipped = new ArrayList<>();
        List<Double> cpValidated = new ArrayList<>();
        Map<String, List<Double>> stages = new LinkedHashMap<>();
        Map<String, Integer> speculation = new LinkedHashMap<>();
        int skipped = 0;
        for (LogEvent summary : summaries) {
            queueWait.add((double) summary.queueWaitMs().orElse(0L));
            service.add((double) summary.totalTimeMs().orElseThrow());
            summary.stages().forEach((stage, millis) -> stages.computeIfAbsent(stage, key -> new ArrayList<>())
                    .add((double) millis));
            String validation = summary.validation().orElse("");
            if ("skipped".equals(validation)) {
                skipped++;
                cpSkipped.add((double) summary.stage("control_plane"));
            } else if ("validated".equals(validation)) {
                cpValidated.add((double) summary.stage("control_plane"));
            }
            summary.speculation().ifPresent(outcome -> speculation.merge(outcome, 1, Integer::sum));
        }
        return new SummaryFigures(summaries.size(), skipped, queueWait, service, cpSkipped, cpValidated, stages,
                speculation);
    }

    double skipShare() {
        return EndToEndBench.round(summarised == 0 ? 0 : (double) skipped / summarised);
    }
}
