package dev.tokenlb.health;

/**
 * When a backend is ejected and for how long. Immutable.
 *
 * @param ejectAfter          failures in a row (connect error, 5xx, timeout) that eject a backend; 0 never ejects on
 *                            failures ({@code Retry-After} is still honoured)
 * @param ejectMillis         the first cool-down; each ejection that follows soon after doubles it
 * @param maxEjectMillis      the longest cool-down; a backend that stayed in for this long starts again from
 *                            {@code ejectMillis}
 * @param maxRetryAfterMillis the longest pause a backend may ask for with {@code Retry-After}
 */
public record HealthPolicy(int ejectAfter, long ejectMillis, long maxEjectMillis, long maxRetryAfterMillis) {

    /** 3 failures in a row, 5 s first cool-down, up to 60 s, Retry-After honoured up to 5 minutes. */
    public static final HealthPolicy DEFAULT = new HealthPolicy(3, 5_000, 60_000, 300_000);

    public HealthPolicy {
        if (ejectAfter < 0) {
            throw new IllegalArgumentException("ejectAfter must be >= 0 (0 = never on failures), was " + ejectAfter);
        }
        if (ejectMillis <= 0 || maxEjectMillis < ejectMillis) {
            throw new IllegalArgumentException("need 0 < ejectMillis <= maxEjectMillis, was " + ejectMillis + " and "
                                               + maxEjectMillis);
        }
        if (maxRetryAfterMillis < 0) {
            throw new IllegalArgumentException("maxRetryAfterMillis must be >= 0, was " + maxRetryAfterMillis);
        }
    }

    /** The cool-down of the given ejection in a row (0 = the first). */
    long coolDown(int level) {
        long millis = ejectMillis;
        for (int i = 0; i < level && millis < maxEjectMillis; i++) {
            millis *= 2;
        }
        return Math.min(millis, maxEjectMillis);
    }
}
