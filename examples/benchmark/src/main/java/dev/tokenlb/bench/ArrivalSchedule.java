package dev.tokenlb.bench;

import java.util.SplittableRandom;

/**
 * Open-loop Poisson arrivals: exponential gaps at a given mean rate, from a seeded generator. The same seed gives the
 * same pattern at every rate, only stretched or compressed, so load levels differ in rate alone. Stateless.
 */
final class ArrivalSchedule {

    private ArrivalSchedule() {
    }

    /**
     * @param  seed          the arrival pattern's seed
     * @param  ratePerSecond mean arrivals per second of wall-clock time
     * @param  n             the number of arrivals
     * @return               each arrival's offset from the start of the run, in nanoseconds, ascending; the first is 0
     */
    static long[] poisson(long seed, double ratePerSecond, int n) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("the arrival rate must be > 0, was " + ratePerSecond);
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        long[] offsets = new long[n];
        double t = 0;
        for (int i = 1; i < n; i++) {
            double u = 1.0 - random.nextDouble(); // in (0, 1]: safe for log
            t += -Math.log(u) / ratePerSecond;
            offsets[i] = Math.round(t * 1e9);
        }
        return offsets;
    }
}
