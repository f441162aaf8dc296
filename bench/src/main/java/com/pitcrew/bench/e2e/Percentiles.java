package com.pitcrew.bench.e2e;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** p50/p95/p99 in milliseconds (nearest rank) of a set of samples; empty samples give an empty map. */
final class Percentiles {

    private Percentiles() {
    }

    static Map<String, Object> of(Collection<? extends Number> samples) {
        List<Double> sorted = new ArrayList<>();
        samples.forEach(sample -> sorted.add(sample.doubleValue()));
        sorted.sort(Double::compare);
        Map<String, Object> result = new LinkedHashMap<>();
        if (sorted.isEmpty()) {
            return result;
        }
        result.put("p50", rank(sorted, 0.50));
        result.put("p95", rank(sorted, 0.95));
        result.put("p99", rank(sorted, 0.99));
        return result;
    }

    static double p(Collection<? extends Number> samples, String which) {
        Object value = of(samples).get(which);
        return value == null ? Double.NaN : (double) value;
    }

    private static double rank(List<Double> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        double value = sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        return Math.round(value * 10) / 10.0;
    }
}
