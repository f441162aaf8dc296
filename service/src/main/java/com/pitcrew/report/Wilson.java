package com.pitcrew.report;

/**
 * The 95 % Wilson score interval of a proportion: the report's shadow precision and the admin page's use this one
 * computation, so the two never disagree on the same counts. Stateless.
 */
public final class Wilson {

    static final double Z95 = 1.96;

    private Wilson() {
    }

    /** {low, high} of agreed / samples; NaNs without samples. */
    public static double[] interval95(long samples, long agreed) {
        if (samples == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double n = samples;
        double p = agreed / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
