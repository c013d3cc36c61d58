package dev.tokenlb.health;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The passive health of one backend: a small state machine (healthy → ejected → probing → healthy or ejected again).
 * <p>
 * Thread-safe: transitions synchronize on the instance; {@link #admits} reads two volatile fields and takes no lock,
 * since it runs for every target on every pick.
 */
final class TargetHealth {

    private final HealthPolicy policy;
    private volatile HealthState state = HealthState.HEALTHY;
    private volatile long until; // EJECTED: end of the cool-down; PROBING: when a stale trial stops blocking
    private int failuresInARow; // guarded by this
    private int level; // ejections in a row, guarded by this
    private boolean paused; // ejected because it asked for a pause (Retry-After), guarded by this
    private long lastBackAt = Long.MIN_VALUE / 2; // when the last cool-down ended, guarded by this
    private final AtomicLong ejections = new AtomicLong();

    TargetHealth(HealthPolicy policy) {
        this.policy = policy;
    }

    /** Healthy, or its cool-down is over (the next pick is its trial), or its trial is stale. */
    boolean admits(long now) {
        // a trial whose outcome never came must not shut a backend out forever: PROBING's 'until' ends it
        return state == HealthState.HEALTHY || now >= until;
    }

    void admitted(long now) {
        if (state == HealthState.HEALTHY) {
            return; // the common case takes no lock
        }
        claimTrial(now);
    }

    private synchronized void claimTrial(long now) {
        if (state != HealthState.HEALTHY && now >= until) {
            state = HealthState.PROBING;
            until = now + Math.max(policy.maxEjectMillis(), 60_000);
            lastBackAt = now;
        }
    }

    synchronized void succeeded() {
        failuresInARow = 0;
        if (state == HealthState.PROBING) {
            state = HealthState.HEALTHY;
        }
    }

    synchronized void failed(long now) {
        if (state == HealthState.PROBING) {
            eject(now, policy.coolDown(level));
            return;
        }
        if (state == HealthState.HEALTHY && policy.ejectAfter() > 0 && ++failuresInARow >= policy.ejectAfter()) {
            if (now - lastBackAt > policy.maxEjectMillis()) {
                level = 0; // it stayed in long enough: forgive earlier ejections
            }
            eject(now, policy.coolDown(level));
        }
    }

    /** Asked to pause ({@code Retry-After}); a negative pause counts as a plain failure. */
    synchronized void overloaded(long now, long retryAfterMillis) {
        if (retryAfterMillis < 0) {
            failed(now);
            return;
        }
        long pause = Math.min(retryAfterMillis, policy.maxRetryAfterMillis());
        if (state == HealthState.EJECTED && until >= now + pause) {
            return;
        }
        if (pause == 0) {
            return;
        }
        failuresInARow = 0;
        paused = true;
        state = HealthState.EJECTED;
        until = now + pause;
        ejections.incrementAndGet();
    }

    /** The request that was the trial ended without telling anything about the backend: allow another trial. */
    synchronized void inconclusive(long now) {
        if (state == HealthState.PROBING) {
            state = HealthState.EJECTED;
            until = now;
        }
    }

    /** An active probe answered: a backend ejected for failures may have its trial now. */
    synchronized void probeSucceeded(long now) {
        failuresInARow = 0;
        if (state == HealthState.EJECTED && until > now && !paused) { // a pause it asked for is kept
            until = now;
        }
    }

    private void eject(long now, long coolDown) {
        failuresInARow = 0;
        paused = false;
        level++;
        state = HealthState.EJECTED;
        until = now + coolDown;
        ejections.incrementAndGet();
    }

    synchronized void readmit() {
        failuresInARow = 0;
        paused = false;
        level = 0;
        state = HealthState.HEALTHY;
        until = 0;
    }

    HealthState state() {
        return state;
    }

    /** Milliseconds until the backend may take a request again: 0 if it may now. */
    long millisUntilAdmitted(long now) {
        return admits(now) ? 0 : Math.max(1, until - now);
    }

    long ejections() {
        return ejections.get();
    }

    synchronized int failuresInARow() {
        return failuresInARow;
    }
}
