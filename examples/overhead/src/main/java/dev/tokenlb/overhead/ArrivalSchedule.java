package dev.tokenlb.overhead;

import java.util.SplittableRandom;

/**
 * When each request of a window is sent, as offsets from the window's start, computed before the window begins so
 * that the load is open-loop: a request goes out at its time whether or not earlier ones have finished. Stateless.
 */
final class ArrivalSchedule {

    private ArrivalSchedule() {
    }

    /** How arrivals are spaced. */
    enum Kind {
        /** Evenly spaced, one every 1/rate seconds: a fixed rate, as the hop-overhead question asks. */
        UNIFORM,
        /** Exponential gaps at the same mean rate (a Poisson process), from a seeded generator. */
        POISSON;

        static Kind parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("arrivals must be uniform or poisson, was '" + text + "'");
            }
        }
    }

    /**
     * @param  kind          the spacing
     * @param  ratePerSecond arrivals per second, > 0
     * @param  seconds       the window's length, > 0
     * @param  seed          the seed of the Poisson gaps (unused for uniform arrivals)
     * @return               ascending offsets in nanoseconds, the first 0, all below {@code seconds}; about
     *                       {@code rate * seconds} of them (exactly that many for uniform arrivals)
     */
    static long[] offsets(Kind kind, double ratePerSecond, double seconds, long seed) {
        if (!(ratePerSecond > 0) || !(seconds > 0)) {
            throw new IllegalArgumentException("rate and seconds must be > 0, were " + ratePerSecond + ", " + seconds);
        }
        long windowNanos = Math.round(seconds * 1e9);
        if (kind == Kind.UNIFORM) {
            int n = (int) Math.round(ratePerSecond * seconds);
            long[] offsets = new long[n];
            for (int i = 0; i < n; i++) {
                offsets[i] = Math.round(i * 1e9 / ratePerSecond);
            }
            return offsets;
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] offsets = new long[(int) Math.ceil(ratePerSecond * seconds * 2) + 16];
        int n = 0;
        double t = 0;
        while (n < offsets.length) {
            long at = Math.round(t * 1e9);
            if (at >= windowNanos) {
                break;
            }
            offsets[n++] = at;
            t += -Math.log(1.0 - random.nextDouble()) / ratePerSecond; // 1 - u is in (0, 1]: safe for log
        }
        return java.util.Arrays.copyOf(offsets, n);
    }
}
