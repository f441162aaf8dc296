package com.pitcrew.bench.e2e;

import com.pitcrew.report.LogEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs one phase (a rate, a duration, a user prefix) against the running service and computes its figures. */
final class Phases {

    private static final long DRAIN_TIMEOUT_NANOS = 180_000_000_000L;

    private final ServiceProcess service;
    private final FakeSlackServer slack;
    private final FakeOpenAiServer openAi;
    private final EventSender sender;
    private final List<String> messages;

    Phases(ServiceProcess service, FakeSlackServer slack, FakeOpenAiServer openAi, EventSender sender,
           List<String> messages) {
        this.service = service;
        this.slack = slack;
        this.openAi = openAi;
        this.sender = sender;
        this.messages = messages;
    }

    Map<String, Object> run(String phase, double rate, double seconds) throws Exception {
        long callsBefore = openAi.calls();
        int count = (int) Math.round(rate * seconds);
        System.out.printf(Locale.ROOT, "phase %s: %d events at %.0f/s%n", phase, count, rate);
        Map<String, EventSender.Sent> sent = sender.send(phase, messages, rate, count);
        double waitingAtEnd = service.gauge("pitcrew.slack.queue.waiting");
        drain(sent);
        // Background calls (shadow validations, discarded speculations) end within a second or two.
        settle();
        long calls = openAi.calls() - callsBefore;
        Map<String, Object> figures = figures(sent, calls);
        figures.put("rate", rate);
        figures.put("waitingWhenSendingEnded", waitingAtEnd);
        return figures;
    }

    /** Steps up the rate (flags as phase B) until ack p99 reaches 1 s or the queue grows (queue wait p99 ≥ 1 s). */
    Map<String, Object> ceiling(List<Double> rates, double seconds) throws Exception {
        List<Map<String, Object>> steps = new ArrayList<>();
        double ceiling = 0;
        boolean clean = true;
        Map<String, Object> atCeiling = null;
        for (double rate : rates) {
            Map<String, Object> step = run("B" + (int) rate + "x", rate, seconds);
            steps.add(step);
            clean &= (int) step.get("duplicated") == 0 && (int) step.get("lost") == 0;
            boolean sustained = p99((Map<?, ?>) step.get("ack")) < 1000
                    && p99((Map<?, ?>) step.get("queueWait")) < 1000 && (int) step.get("lost") == 0;
            step.put("sustained", sustained);
            if (!sustained) {
                break;
            }
            ceiling = rate;
            atCeiling = step;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("eventsPerSecond", ceiling);
        result.put("criterion", "ack p99 < 1000 ms and queue wait p99 < 1000 ms (no growing queue), every event "
                + "answered; flags as phase B; highest step sustained");
        result.put("breakdownAtCeiling", atCeiling == null ? Map.of() : atCeiling.get("stages"));
        result.put("steps", steps);
        result.put("clean", clean);
        return result;
    }

    private static double p99(Map<?, ?> percentiles) {
        Object value = percentiles.get("p99");
        return value == null ? Double.MAX_VALUE : (double) value;
    }

    private void drain(Map<String, EventSender.Sent> sent) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            boolean all = sent.values().stream().allMatch(event -> slack.thread(event.ts).answers.get() > 0);
            if (all) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private void settle() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 30 && openAi.calls() != last; i++) {
            last = openAi.calls();
            Thread.sleep(700);
        }
    }

    private Map<String, Object> figures(Map<String, EventSender.Sent> sent, long llmCalls) throws IOException {
        Map<String, String> correlationOf = new HashMap<>();
        for (LogEvent line : service.logLines("Slack reply posted")) {
            correlationOf.put(line.eventId().orElse(""), line.correlationId().orElse(""));
        }
        Map<String, LogEvent> summaryOf = new HashMap<>();
        for (String message : List.of(LogEvent.COMPLETED, LogEvent.FAILED)) {
            for (LogEvent line : service.logLines(message)) {
                summaryOf.put(line.correlationId().orElse(""), line);
            }
        }
        List<Double> ack = new ArrayList<>();
        List<Double> endToEnd = new ArrayList<>();
        List<Double> endToEndValidated = new ArrayList<>();
        List<Double> serviceValidated = new ArrayList<>();
        List<Double> longerOfValidationAndHandler = new ArrayList<>();
        List<LogEvent> summaries = new ArrayList<>();
        List<Double> firstWordsStreamed = new ArrayList<>();
        List<Double> wholeAnswerStreamed = new ArrayList<>();
        int appends = 0;
        int lost = 0;
        int unacked = 0;
        int duplicated = 0;
        int busy = 0;
        for (EventSender.Sent event : sent.values()) {
            FakeSlackServer.SlackThread thread = slack.thread(event.ts);
            if (event.ackMs >= 0) {
                ack.add(event.ackMs);
            }
            if (thread.posts.get() > 1) {
                duplicated++;
            }
            if (thread.busyNotice) {
                busy++;
            }
            if (thread.answers.get() == 0) {
                // An event without a 200 is Slack's to deliver again, not one the service lost.
                if (event.ackMs >= 0) {
                    lost++;
                } else {
                    unacked++;
                }
                continue;
            }
            double e2e = (thread.firstAnswerNanos - event.sentNanos) / 1e6;
            endToEnd.add(e2e);
            if (thread.streamed) {
                firstWordsStreamed.add((thread.firstWordsNanos - event.sentNanos) / 1e6);
                wholeAnswerStreamed.add(e2e);
                appends += thread.appends.get();
            }
            LogEvent summary = summaryOf.get(correlationOf.get(event.eventId));
            if (summary == null) {
                continue;
            }
            summaries.add(summary);
            if ("validated".equals(summary.validation().orElse(""))) {
                endToEndValidated.add(e2e);
                serviceValidated.add((double) summary.totalTimeMs().orElseThrow());
                longerOfValidationAndHandler.add((double) Math.max(summary.stage("control_plane"),
                        summary.stage("handler")));
            }
        }
        SummaryFigures lines = SummaryFigures.of(summaries);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("ack", Percentiles.of(ack));
        figures.put("endToEnd", Percentiles.of(endToEnd));
        figures.put("queueWait", Percentiles.of(lines.queueWait()));
        figures.put("controlPlaneSkipped", Percentiles.of(lines.controlPlaneSkipped()));
        figures.put("controlPlaneValidated", Percentiles.of(lines.controlPlaneValidated()));
        figures.put("skipShare", lines.skipShare());
        figures.put("llmCallsPerRequest", EndToEndBench.round(sent.isEmpty() ? 0 : (double) llmCalls / sent.size()));
        figures.put("requests", sent.size());
        figures.put("lost", lost);
        figures.put("duplicated", duplicated);
        figures.put("unacked", unacked);
        figures.put("serviceTime", Percentiles.of(lines.serviceTime()));
        figures.put("endToEndValidated", Percentiles.of(endToEndValidated));
        // Phase 1.1's target: a validated request's time against the longer of its validation and its handler
        // (1.0: fully overlapped; their sum without parallel validation).
        double longer = Percentiles.p(longerOfValidationAndHandler, "p50");
        figures.put("validatedServiceOverLongerStageP50", longerOfValidationAndHandler.isEmpty() ? null
                : EndToEndBench.round(Percentiles.p(serviceValidated, "p50") / longer));
        Map<String, Object> stageFigures = new LinkedHashMap<>();
        lines.stages().forEach((name, samples) -> stageFigures.put(name, Percentiles.of(samples)));
        stageFigures.put("queueWait", Percentiles.of(lines.queueWait()));
        stageFigures.put("ack", Percentiles.of(ack));
        figures.put("stages", stageFigures);
        figures.put("speculation", lines.speculation());
        figures.put("busyNotices", busy);
        // Streamed answers: when the rep saw the first words, against when the whole answer was there.
        figures.put("firstWordsStreamed", Percentiles.of(firstWordsStreamed));
        figures.put("wholeAnswerStreamed", Percentiles.of(wholeAnswerStreamed));
        figures.put("streamed", firstWordsStreamed.size());
        figures.put("appendsPerStream", firstWordsStreamed.isEmpty() ? null
                : EndToEndBench.round((double) appends / firstWordsStreamed.size()));
        figures.put("summarised", lines.summarised());
        return figures;
    }
}
