package dev.tokenlb.bench;

import java.util.Arrays;

/**
 * Mean and nearest-rank percentiles of a sample (the p-th percentile is the smallest value with at least p% of the
 * sample at or below it, so it is always an observed value). Stateless.
 */
final class Percentiles {

    private Percentiles() {
    }

    /** A sorted copy. */
    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** @param sorted ascending values; NaN when empty */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** NaN when empty. */
    static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The median of unsorted values (the mean of the middle two for an even count); NaN when empty or all NaN. */
    static double median(double[] values) {
        double[] finite = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        int mid = finite.length / 2;
        return finite.length % 2 == 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
    }
}
