package dev.tokenlb.sim;

/**
 * The faults a test switched on for one backend; read once per request, when it arrives. All off by default.
 * Thread-safe (volatile fields).
 */
final class FaultInjection {

    private volatile int failureStatus;
    private volatile long stallBeforeFirstTokenMillis;
    private volatile int dropAfterTokens;
    private volatile int retryAfterSeconds;

    int failureStatus() {
        return failureStatus;
    }

    void setFailureStatus(int status) {
        if (status != 0 && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("failure status must be 0 (off) or in [400, 599], was " + status);
        }
        this.failureStatus = status;
    }

    long stallBeforeFirstTokenMillis() {
        return stallBeforeFirstTokenMillis;
    }

    void setStallBeforeFirstTokenMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("stall must be >= 0 ms (0 = off), was " + millis);
        }
        this.stallBeforeFirstTokenMillis = millis;
    }

    int dropAfterTokens() {
        return dropAfterTokens;
    }

    void setDropAfterTokens(int tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("drop-after must be >= 0 tokens (0 = off), was " + tokens);
        }
        this.dropAfterTokens = tokens;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    void setRetryAfterSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("retry-after must be >= 0 seconds (0 = no header), was " + seconds);
        }
        this.retryAfterSeconds = seconds;
    }

    void clear() {
        retryAfterSeconds = 0;
        failureStatus = 0;
        stallBeforeFirstTokenMillis = 0;
        dropAfterTokens = 0;
    }
}
