package dev.tokenlb.health;

import java.util.function.LongSupplier;

import dev.tokenlb.ledger.Admission;

/**
 * Passive health of a fixed set of backends, fed by the outcome of each request: a backend that fails
 * {@link HealthPolicy#ejectAfter() ejectAfter} times in a row is ejected for a cool-down that doubles on each ejection
 * that follows soon after; once it is over, one trial request goes through (half-open), and its outcome readmits the
 * backend or ejects it again. A backend that answers 429 or 503 with {@code Retry-After} is ejected for that long.
 * As the ledger's {@link Admission}, it keeps ejected backends out of every pick.
 * <p>
 * Thread-safe.
 *
 * <pre>
 * BackendHealth health = new BackendHealth(3, HealthPolicy.DEFAULT, System::currentTimeMillis);
 * ledger.setAdmission(health);
 * ... health.failed(i) / health.succeeded(i) as outcomes come in
 * </pre>
 */
public final class BackendHealth implements Admission {

    private final TargetHealth[] targets;
    private final LongSupplier clock;

    /** @param clockMillis the time in milliseconds ({@code System::currentTimeMillis}; a test's own clock) */
    public BackendHealth(int size, HealthPolicy policy, LongSupplier clockMillis) {
        targets = new TargetHealth[size];
        for (int i = 0; i < size; i++) {
            targets[i] = new TargetHealth(policy);
        }
        this.clock = clockMillis;
    }

    public int size() {
        return targets.length;
    }

    @Override
    public boolean admits(int index) {
        return targets[index].admits(clock.getAsLong());
    }

    @Override
    public void admitted(int index) {
        targets[index].admitted(clock.getAsLong());
    }

    /** The backend answered (any status but 5xx, 429). */
    public void succeeded(int index) {
        targets[index].succeeded();
    }

    /** The backend failed: connection error, 5xx, timeout, broken stream. */
    public void failed(int index) {
        targets[index].failed(clock.getAsLong());
    }

    /**
     * The backend is overloaded (429 or 503).
     *
     * @param retryAfterMillis the pause it asked for, or -1 if none (then it counts as a failure)
     */
    public void overloaded(int index, long retryAfterMillis) {
        targets[index].overloaded(clock.getAsLong(), retryAfterMillis);
    }

    /** A request ended without saying anything about the backend (the client left): a pending trial is void. */
    public void inconclusive(int index) {
        targets[index].inconclusive(clock.getAsLong());
    }

    /** An active probe of the backend succeeded. */
    public void probeSucceeded(int index) {
        targets[index].probeSucceeded(clock.getAsLong());
    }

    /** An active probe of the backend failed: counts as a failure. */
    public void probeFailed(int index) {
        targets[index].failed(clock.getAsLong());
    }

    /** An operator puts the backend back at once, whatever its state. */
    public void readmit(int index) {
        targets[index].readmit();
    }

    public HealthState state(int index) {
        return targets[index].state();
    }

    /** Times the backend has been ejected since start. */
    public long ejections(int index) {
        return targets[index].ejections();
    }

    /** Failures in a row the backend has now (reset by a success). */
    public int failuresInARow(int index) {
        return targets[index].failuresInARow();
    }

    /** Backends that may take a request now (healthy, or due for their trial). */
    public int admittedCount() {
        long now = clock.getAsLong();
        int n = 0;
        for (TargetHealth t : targets) {
            if (t.admits(now)) {
                n++;
            }
        }
        return n;
    }

    /** Milliseconds until some backend may take a request: 0 if one may now. */
    public long millisUntilAdmitted() {
        long now = clock.getAsLong();
        long min = Long.MAX_VALUE;
        for (TargetHealth t : targets) {
            min = Math.min(min, t.millisUntilAdmitted(now));
        }
        return min;
    }
}
