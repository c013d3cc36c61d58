package dev.tokenlb.capacity;

/** Nearest-rank percentiles of sorted values. */
final class Percentile {

    private Percentile() {
    }

    /** @return the p-quantile (0..1) of the sorted values, or -1 when there are none */
    static double of(double[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
