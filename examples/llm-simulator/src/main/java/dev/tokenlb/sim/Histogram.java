package dev.tokenlb.sim;

import java.util.Arrays;

/**
 * A Prometheus histogram of seconds with fixed upper bounds: per bucket the observations at or below its bound
 * (cumulative when rendered), their sum and count. Not thread-safe: confined to the engine's thread.
 */
final class Histogram {

    /** vLLM's buckets of {@code vllm:time_to_first_token_seconds}. */
    static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
        5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    /** vLLM's buckets of {@code vllm:inter_token_latency_seconds}. */
    static final double[] ITL_BUCKETS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0,
        7.5, 10.0, 20.0, 40.0, 80.0};

    private final double[] bounds;
    /** Per bucket, not cumulative; the last slot is the {@code +Inf} bucket's own. */
    private final long[] counts;
    private double sum;
    private long count;

    Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length + 1];
    }

    void observe(double seconds) {
        int i = Arrays.binarySearch(bounds, seconds);
        counts[i >= 0 ? i : -i - 1]++; // an exact bound belongs to its bucket (le = less or equal)
        sum += seconds;
        count++;
    }

    double[] bounds() {
        return bounds.clone();
    }

    /** Observations at or below {@code bounds()[i]}; {@code i == bounds().length} gives the total. */
    long cumulative(int i) {
        long c = 0;
        for (int k = 0; k <= i; k++) {
            c += counts[k];
        }
        return c;
    }

    double sum() {
        return sum;
    }

    long count() {
        return count;
    }
}
