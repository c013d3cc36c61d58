package dev.tokenlb.cost;

import java.util.Arrays;

/**
 * Learns how fast each backend generates, from the replies it streams: the decode rate of one sequence (output tokens
 * per second between its first and last chunk), smoothed per backend. That rate is nearly independent of how busy the
 * backend is (a decode step serves every running sequence), so unlike completed-tokens-per-second it does not feed
 * back on the share of work the balancer gives a backend. The relative speed of a backend is its rate over the median
 * rate of the backends that have data; a backend half as fast then gets about half the work.
 * <p>
 * Thread-safe; one instance per ledger.
 */
public final class BackendSpeeds {

    /** Samples a backend needs before its speed is trusted; until then it counts as 1.0. */
    static final int MIN_SAMPLES = 5;
    /** How much of the accumulated history each new sample replaces. */
    static final double ALPHA = 0.05;
    /** A sample shorter than this says more about chunking than about speed. */
    static final long MIN_NANOS = 20_000_000L;
    /** Relative speeds are kept within [1/CLAMP, CLAMP], so one odd sample cannot starve or flood a backend. */
    static final double CLAMP = 8;

    private final double[] tokens;
    private final double[] nanos;
    private final long[] samples;

    public BackendSpeeds(int backends) {
        tokens = new double[backends];
        nanos = new double[backends];
        samples = new long[backends];
    }

    /**
     * Records one streamed reply's decode.
     *
     * @param index        the backend
     * @param outputTokens tokens generated after the first one
     * @param nanos        time from the first to the last output token
     */
    public synchronized void observeDecode(int index, long outputTokens, long nanos) {
        if (outputTokens < 8 || nanos < MIN_NANOS) {
            return; // too short to say anything about speed
        }
        // a ratio of decayed sums, not a mean of ratios: long replies weigh more, so the bursts in which short
        // replies often arrive (several chunks in one read) cannot pull the rate far
        tokens[index] = tokens[index] * (1 - ALPHA) + outputTokens;
        this.nanos[index] = this.nanos[index] * (1 - ALPHA) + nanos;
        samples[index]++;
    }

    /** The smoothed decode rate of one sequence, tokens/s; 0 before any sample. */
    public synchronized double decodeTokensPerSecond(int index) {
        return nanos[index] > 0 ? tokens[index] / (nanos[index] / 1e9) : 0;
    }

    public synchronized long samples(int index) {
        return samples[index];
    }

    /** This backend's rate over the median of the known rates, clamped; 1.0 while either is unknown. */
    public synchronized double relativeSpeed(int index) {
        if (samples[index] < MIN_SAMPLES) {
            return 1.0;
        }
        double median = medianKnownRate();
        if (median <= 0) {
            return 1.0;
        }
        return Math.max(1 / CLAMP, Math.min(CLAMP, decodeTokensPerSecond(index) / median));
    }

    private double medianKnownRate() {
        double[] known = new double[samples.length];
        int n = 0;
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] >= MIN_SAMPLES) {
                known[n++] = decodeTokensPerSecond(i);
            }
        }
        if (n == 0) {
            return 0;
        }
        Arrays.sort(known, 0, n);
        return n % 2 == 1 ? known[n / 2] : (known[n / 2 - 1] + known[n / 2]) / 2;
    }
}
