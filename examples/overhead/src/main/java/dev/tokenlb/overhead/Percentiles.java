package dev.tokenlb.overhead;

import java.util.Arrays;

/**
 * Nearest-rank percentiles and the mean of a latency sample. The p-th percentile is the smallest observed value with
 * at least p% of the sample at or below it, so it is always a real measurement. Stateless.
 */
final class Percentiles {

    private Percentiles() {
    }

    /** A sorted copy. */
    static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /**
     * @param  sorted ascending values
     * @param  p      in [0, 100]
     * @return        the nearest-rank percentile; NaN when the sample is empty
     */
    static double percentile(long[] sorted, double p) {
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("a percentile is in [0, 100], was " + p);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** NaN when empty. */
    static double mean(long[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
