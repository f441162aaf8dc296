package com.pitcrew.bench.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as a Markdown table: one row per figure, one column per phase. */
final class Report {

    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> results) {
        StringBuilder out = new StringBuilder("""
                | figure (ms unless said) | A flag off | B flag on | C flag on + parallel |
                |---|---|---|---|
                """);
        List<String> phases = List.of("phaseA", "phaseB", "phaseC");
        for (String key : List.of("ack", "queueWait", "endToEnd", "endToEndValidated", "serviceTime",
                "controlPlaneSkipped", "controlPlaneValidated", "firstWordsStreamed", "wholeAnswerStreamed")) {
            for (String p : List.of("p50", "p95", "p99")) {
                out.append("| ").append(key).append(' ').append(p);
                for (String phase : phases) {
                    Object value = ((Map<String, Object>) ((Map<String, Object>) results.get(phase)).get(key)).get(p);
                    out.append(" | ").append(value == null ? "–" : format((double) value));
                }
                out.append(" |\n");
            }
        }
        for (String key : List.of("skipShare", "llmCallsPerRequest", "requests", "lost", "duplicated", "unacked",
                "busyNotices", "speculation", "validatedServiceOverLongerStageP50", "streamed", "appendsPerStream")) {
            out.append("| ").append(key);
            for (String phase : phases) {
                out.append(" | ").append(((Map<String, Object>) results.get(phase)).get(key));
            }
            out.append(" |\n");
        }
        Map<String, Object> ceiling = (Map<String, Object>) results.get("ceiling");
        out.append("\nceiling: ").append(ceiling.get("eventsPerSecond")).append(" events/s (")
                .append(ceiling.get("criterion")).append(")\n");
        for (Map<String, Object> step : (List<Map<String, Object>>) ceiling.get("steps")) {
            out.append(String.format(Locale.ROOT, "- %.0f/s: ack p99 %s, queue wait p99 %s, end-to-end p50 %s, "
                            + "lost %s, sustained %s%n", (double) step.get("rate"),
                    ((Map<String, Object>) step.get("ack")).get("p99"),
                    ((Map<String, Object>) step.get("queueWait")).get("p99"),
                    ((Map<String, Object>) step.get("endToEnd")).get("p50"), step.get("lost"),
                    step.get("sustained")));
        }
        return out.toString();
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
