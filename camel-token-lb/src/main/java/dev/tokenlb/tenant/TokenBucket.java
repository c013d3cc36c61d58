package dev.tokenlb.tenant;

/**
 * A per-minute limit as a token bucket: it holds up to {@code capacity} units, refills at {@code capacity} per minute
 * continuously, and a request takes its units out. Settling a request's real cost afterwards may put units back or
 * take more, down below zero (a debt the refill pays off before anything else passes).
 * <p>
 * Not thread-safe: its {@link TenantLimiter} guards it.
 */
final class TokenBucket {

    private static final double MILLIS_PER_MINUTE = 60_000.0;

    private long capacity;
    private double level;
    private long lastMillis;

    TokenBucket(long capacity, long nowMillis) {
        this.capacity = capacity;
        this.level = capacity;
        this.lastMillis = nowMillis;
    }

    void refill(long nowMillis) {
        if (nowMillis > lastMillis) {
            level = Math.min(capacity, level + (nowMillis - lastMillis) * capacity / MILLIS_PER_MINUTE);
            lastMillis = nowMillis;
        }
    }

    long capacity() {
        return capacity;
    }

    boolean holds(long units) {
        return level >= units;
    }

    /** Milliseconds until the bucket holds {@code units} (call after {@link #refill}). */
    long millisUntil(long units) {
        double missing = units - level;
        return missing <= 0 ? 0 : (long) Math.ceil(missing * MILLIS_PER_MINUTE / capacity);
    }

    /** Takes units out; a negative amount gives them back (never above the capacity). */
    void take(long units) {
        level = Math.min(capacity, level - units);
    }

    /** Units taken and not refilled yet: what the last minute used, as the bucket sees it. */
    long used() {
        return Math.max(0, (long) Math.ceil(capacity - level));
    }

    /** A changed limit keeps what was used: the level moves by the change. */
    void resize(long newCapacity) {
        level = Math.min(newCapacity, level + (newCapacity - capacity));
        capacity = newCapacity;
    }
}
