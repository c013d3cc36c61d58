package dev.tokenlb.bench;

/**
 * A cluster's saturation throughput for the workload mix, as measured by {@link SaturationProbe} (or given on the
 * command line). Load levels are fractions of {@link #requestsPerSecond}. Immutable.
 *
 * @param requestsPerSecond    sustainable arrivals per wall-clock second
 * @param outputTokensPerS     output tokens generated per second at saturation
 * @param completionsPerSecond replies completed per second in the window (noisier: long replies straddle its edges)
 * @param concurrency          requests kept open by the closed loop; 0 when given, not measured
 * @param windowSeconds        the measuring window; 0 when given
 */
record Saturation(double requestsPerSecond, double outputTokensPerS, double completionsPerSecond, int concurrency,
                  double windowSeconds) {

    static Saturation given(double requestsPerSecond) {
        return new Saturation(requestsPerSecond, Double.NaN, Double.NaN, 0, 0);
    }

    boolean measured() {
        return concurrency > 0;
    }
}
