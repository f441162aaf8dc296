package com.pitcrew.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestTraceTest {

    private final AtomicLong nanos = new AtomicLong();
    private final MetricRegistry metrics = new MetricRegistry();
    private final RequestTrace trace = new RequestTrace("0badc0de", metrics, nanos::get);

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000);
    }

    @Test
    void stagesFeedTheSummaryAndTheTimers() {
        trace.startStage("meeting_resolution");
        advanceMillis(85);
        trace.endStage("meeting_resolution");
        try (RequestTrace.StageScope ignored = trace.stage("control_plane")) {
            advanceMillis(50);
        }
        Map<String, Object> summary = trace.finish();

        assertThat(summary).containsEntry("correlationId", "0badc0de").containsEntry("totalTimeMs", 135L);
        assertThat(trace.stageMillis()).containsExactly(Map.entry("meeting_resolution", 85L),
                Map.entry("control_plane", 50L));
        assertThat(metrics.timer("pitcrew.stage.control_plane").getCount()).isEqualTo(1);
        assertThat(trace.problems()).isEmpty();
    }

    @Test
    void doubleCloseIsReportedNotThrown() {
        RequestTrace.StageScope scope = trace.stage("handler");
        advanceMillis(10);
        scope.close();
        scope.close();

        assertThat(trace.problems()).singleElement().asString().contains("'handler' ended but was not running");
        assertThat(trace.stageMillis()).containsEntry("handler", 10L);
        assertThat(metrics.timer("pitcrew.stage.handler").getCount()).isEqualTo(1);
        assertThat(metrics.counter("pitcrew.stage.misuse").getCount()).isEqualTo(1);
    }

    @Test
    void unclosedStageIsClosedAtFinishAndReported() {
        trace.startStage("handler");
        advanceMillis(1200);
        Map<String, Object> summary = trace.finish();

        assertThat(trace.stageMillis()).containsEntry("handler", 1200L);
        assertThat(summary).containsKey("traceProblems");
        assertThat(trace.problems()).singleElement().asString().contains("never ended");
    }

    @Test
    void endingAStageThatNeverStartedIsReported() {
        trace.endStage("control_plane");
        assertThat(trace.problems()).hasSize(1);
        assertThat(trace.stageMillis()).isEmpty();
    }

    @Test
    void finishTwiceGivesTheSameFigures() {
        advanceMillis(7);
        Map<String, Object> first = trace.finish();
        advanceMillis(100);
        assertThat(trace.finish()).isEqualTo(first);
    }
}
