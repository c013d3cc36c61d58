package dev.tokenlb.tenant;

/**
 * Tokens per UTC day: a counter that starts again at midnight UTC. Settling may take it past the budget (a reply
 * longer than expected); requests then wait for the next day.
 * <p>
 * Not thread-safe: its {@link TenantLimiter} guards it.
 */
final class DailyBudget {

    static final long MILLIS_PER_DAY = 86_400_000L;

    private long budget;
    private long day;
    private long used;

    DailyBudget(long budget) {
        this.budget = budget;
    }

    void roll(long nowMillis) {
        long today = Math.floorDiv(nowMillis, MILLIS_PER_DAY);
        if (today != day) {
            day = today;
            used = 0;
        }
    }

    boolean allows(long tokens) {
        return used + tokens <= budget;
    }

    static long millisUntilMidnight(long nowMillis) {
        return MILLIS_PER_DAY - Math.floorMod(nowMillis, MILLIS_PER_DAY);
    }

    void take(long tokens) {
        used = Math.max(0, used + tokens);
    }

    long used() {
        return used;
    }

    long budget() {
        return budget;
    }

    void resize(long newBudget) {
        budget = newBudget;
    }
}
