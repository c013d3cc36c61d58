package dev.tokenlb.tenant;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request admitted by a {@link TenantLimiter}, charged its expected cost. Settle it once when the reply is known:
 * {@link #settle(long)} with the tokens really used, or {@link #refundTokens()} when no work was done. Later calls do
 * nothing. Thread-safe.
 */
public final class Permit {

    private final TenantLimiter limiter;
    private final long charged;
    private final AtomicBoolean settled = new AtomicBoolean();

    Permit(TenantLimiter limiter, long charged) {
        this.limiter = limiter;
        this.charged = charged;
    }

    /** The tenant's name. */
    public String tenant() {
        return limiter.tenant().name();
    }

    /** Tokens charged when admitted. */
    public long charged() {
        return charged;
    }

    /** Corrects the charge to the tokens really used (prompt plus output). */
    public void settle(long actualTokens) {
        if (settled.compareAndSet(false, true)) {
            limiter.correct(actualTokens - charged, actualTokens);
        }
    }

    /** Gives the charged tokens back (the request did no work); the request itself stays counted. */
    public void refundTokens() {
        if (settled.compareAndSet(false, true)) {
            limiter.correct(-charged, 0);
        }
    }
}
