package com.pitcrew.report;

/**
 * Millisecond latencies in bounded memory: exact below 10 s, then buckets 1 % wide, so a quantile is exact for
 * every request under 10 s and within 1 % above. The mean is exact. Not thread-safe.
 */
final class LatencyHistogram {

    private static final int EXACT = 10_000;
    private static final double GROWTH = Math.log(1.01);
    private static final int WIDE = 2_000;

    private final long[] exact = new long[EXACT];
    private long[] wide;
    private long count;
    private long sum;

    void add(long millis) {
        long value = Math.max(0, millis);
        if (value < EXACT) {
            exact[(int) value]++;
        } else {
            if (wide == null) {
                wide = new long[WIDE];
            }
            wide[wideIndex(value)]++;
        }
        count++;
        sum += value;
    }

    void addAll(LatencyHistogram other) {
        for (int i = 0; i < EXACT; i++) {
            exact[i] += other.exact[i];
        }
        if (other.wide != null) {
            if (wide == null) {
                wide = new long[WIDE];
            }
            for (int i = 0; i < WIDE; i++) {
                wide[i] += other.wide[i];
            }
        }
        count += other.count;
        sum += other.sum;
    }

    long count() {
        return count;
    }

    double mean() {
        return count == 0 ? Double.NaN : (double) sum / count;
    }

    /** The smallest value at or above which lies the share {@code 1 - q} of the data (nearest rank). */
    double quantile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < EXACT; i++) {
            seen += exact[i];
            if (seen >= rank) {
                return i;
            }
        }
        for (int i = 0; i < WIDE; i++) {
            seen += wide[i];
            if (seen >= rank) {
                return Math.round(EXACT * Math.exp(GROWTH * (i + 0.5)));
            }
        }
        return Double.NaN;
    }

    private static int wideIndex(long value) {
        return (int) Math.min(WIDE - 1, Math.floor(Math.log((double) value / EXACT) / GROWTH));
    }
}
