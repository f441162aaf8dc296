package com.pitcrew.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class CorrelatedLoggingTest {

    private static final Logger LOG = LoggerFactory.getLogger(CorrelatedLoggingTest.class);

    @Test
    void everyLineOfARequestCarriesItsIdAcrossAThreadHandOff() throws Exception {
        ExecutorService pool = MdcPropagation.wrap(Executors.newSingleThreadExecutor());
        try (LogCapture capture = new LogCapture()) {
            String id = CorrelationId.generate();
            try (CorrelationId.MdcScope ignored = CorrelationId.bind(id)) {
                RequestTrace trace = new RequestTrace(id, new MetricRegistry());
                LOG.info("request received");
                try (RequestTrace.StageScope stage = trace.stage("handler")) {
                    pool.submit(() -> LOG.info("working on a pool thread")).get(10, TimeUnit.SECONDS);
                }
                LOG.info("Request completed successfully", LogFields.of(trace.finish()));
            }
            LOG.info("after the request");

            List<JsonNode> lines = capture.lines();
            List<JsonNode> requestLines = lines.subList(0, 3);
            assertThat(requestLines).allSatisfy(line -> assertThat(line.path("correlationId").asText()).isEqualTo(id));
            assertThat(requestLines.get(1).path("thread").asText()).isNotEqualTo(requestLines.get(0).path("thread").asText());
            assertThat(lines.get(3).has("correlationId")).as("the id does not leak past the request").isFalse();

            JsonNode summary = capture.linesWithMessage("Request completed successfully").get(0);
            assertThat(summary.path("totalTimeMs").isNumber()).isTrue();
            assertThat(summary.path("stages").isObject()).isTrue();
            assertThat(summary.path("stages").path("handler").isNumber()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void poolThreadsDoNotKeepAFinishedRequestsId() throws Exception {
        ExecutorService pool = MdcPropagation.wrap(Executors.newSingleThreadExecutor());
        try {
            try (CorrelationId.MdcScope ignored = CorrelationId.bind("11111111")) {
                pool.submit(() -> { }).get(10, TimeUnit.SECONDS);
            }
            assertThat(pool.submit(() -> CorrelationId.current()).get(10, TimeUnit.SECONDS)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void generatedIdsAreEightLowercaseHex() {
        for (int i = 0; i < 1000; i++) {
            assertThat(CorrelationId.generate()).matches("[0-9a-f]{8}");
        }
    }
}
