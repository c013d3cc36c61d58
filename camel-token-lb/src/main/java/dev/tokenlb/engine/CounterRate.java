package dev.tokenlb.engine;

/**
 * The smoothed per-second rate of one cumulative counter, learned from consecutive readings. A reading lower than the
 * previous one means the engine restarted: the counter began again at 0, so the whole new value counts as the
 * increase (as Prometheus' {@code rate()} does). Smoothing is an exponentially weighted average over time, not over
 * readings, so it means the same whatever the scrape interval: a reading {@code dt} after the previous one replaces
 * {@code 1 - exp(-dt / window)} of the average.
 * <p>
 * One writer at a time (the scrape of its backend; successive scrapes are ordered by the scraper's in-flight flag),
 * any number of readers.
 */
final class CounterRate {

    private final double windowNanos;
    private double lastValue = Double.NaN;
    private long lastNanos;
    private volatile double perSecond = Double.NaN;

    CounterRate(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** A reading; NaN (not reported) or a non-finite value forgets what was learned. */
    void observe(double value, long nanos) {
        if (!Double.isFinite(value) || value < 0) {
            forget();
            return;
        }
        if (!Double.isNaN(lastValue)) {
            long dt = nanos - lastNanos;
            if (dt <= 0) {
                return; // the same instant twice says nothing about a rate
            }
            double increase = value >= lastValue ? value - lastValue : value;
            double instant = increase * 1e9 / dt;
            double previous = perSecond;
            perSecond = Double.isNaN(previous) ? instant
                    : previous + (1 - Math.exp(-dt / windowNanos)) * (instant - previous);
        }
        lastValue = value;
        lastNanos = nanos;
    }

    void forget() {
        lastValue = Double.NaN;
        perSecond = Double.NaN;
    }

    /** Per second; NaN until two readings were seen. */
    double perSecond() {
        return perSecond;
    }
}
