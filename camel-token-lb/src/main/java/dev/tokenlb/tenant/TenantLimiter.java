package dev.tokenlb.tenant;

import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

import dev.tokenlb.RateLimitExceededException;
import dev.tokenlb.RateLimitExceededException.Limit;

/**
 * One tenant's limits: requests per minute and tokens per minute as token buckets, tokens per UTC day as a counter.
 * <p>
 * Why token buckets: each check is O(1) in time and memory (a level and a timestamp, no log of past requests as an
 * exact sliding window keeps), the bucket refills continuously so a client is never made to wait for a window's
 * boundary, {@code Retry-After} is simply the missing units over the refill rate, and a bucket may go below zero, which
 * is how a reply that used more tokens than expected is charged after the fact (the debt delays the next requests).
 * A full bucket lets a burst of one minute's worth through at once; over any minute no more than the limit plus what
 * refills during that minute passes, which is how OpenAI's own limits behave ("continuously replenished").
 * <p>
 * A request is checked against every limit and charged to all of them in one step under the limiter's lock (held for
 * a few arithmetic operations, never across I/O), so a refused request is charged nothing.
 * <p>
 * Thread-safe.
 */
public final class TenantLimiter {

    private final Clock clock;
    private Tenant tenant;
    private TokenBucket requestBucket;
    private TokenBucket tokenBucket;
    private DailyBudget daily;
    private final LongAdder requests = new LongAdder();
    private final LongAdder tokens = new LongAdder();
    private final LongAdder[] rejections = {new LongAdder(), new LongAdder(), new LongAdder()};

    TenantLimiter(Tenant tenant, Clock clock) {
        this.clock = clock;
        this.daily = new DailyBudget(0);
        update(tenant);
    }

    /** Takes new limits (a reloaded file); what was used this minute and today carries over. */
    synchronized void update(Tenant changed) {
        long now = clock.millis();
        requestBucket = bucket(requestBucket, changed.requestsPerMinute(), now);
        tokenBucket = bucket(tokenBucket, changed.tokensPerMinute(), now);
        daily.roll(now);
        daily.resize(changed.dailyTokens());
        tenant = changed;
    }

    private static TokenBucket bucket(TokenBucket old, long limit, long now) {
        if (limit == 0) {
            return null;
        }
        if (old == null) {
            return new TokenBucket(limit, now);
        }
        old.refill(now);
        old.resize(limit);
        return old;
    }

    public synchronized Tenant tenant() {
        return tenant;
    }

    /**
     * Admits a request that is expected to cost {@code cost} tokens (prompt plus expected output), charging it to
     * every limit, or refuses it and charges nothing.
     *
     * @throws RateLimitExceededException naming the first limit that refuses, and when it would admit the request
     */
    public Permit acquire(long cost) {
        RateLimitExceededException refused = tryCharge(cost);
        if (refused != null) {
            rejections[refused.limit().ordinal()].increment();
            throw refused;
        }
        requests.increment();
        return new Permit(this, cost);
    }

    private synchronized RateLimitExceededException tryCharge(long cost) {
        long now = clock.millis();
        if (requestBucket != null) {
            requestBucket.refill(now);
            if (!requestBucket.holds(1)) {
                return new RateLimitExceededException(tenant.name(), Limit.REQUESTS_PER_MINUTE,
                        requestBucket.capacity(), requestBucket.used(), 1, requestBucket.millisUntil(1));
            }
        }
        if (tokenBucket != null) {
            tokenBucket.refill(now);
            if (!tokenBucket.holds(cost)) {
                return new RateLimitExceededException(tenant.name(), Limit.TOKENS_PER_MINUTE, tokenBucket.capacity(),
                        tokenBucket.used(), cost, cost > tokenBucket.capacity() ? -1 : tokenBucket.millisUntil(cost));
            }
        }
        daily.roll(now);
        if (daily.budget() > 0) {
            if (!daily.allows(cost)) {
                return new RateLimitExceededException(tenant.name(), Limit.DAILY_TOKENS, daily.budget(), daily.used(),
                        cost, cost > daily.budget() ? -1 : DailyBudget.millisUntilMidnight(now));
            }
        }
        if (requestBucket != null) {
            requestBucket.take(1);
        }
        if (tokenBucket != null) {
            tokenBucket.take(cost);
        }
        daily.take(cost);
        return null;
    }

    /** Moves the token limits by {@code delta} (positive: more used than charged) and counts the final use. */
    synchronized void correct(long delta, long actual) {
        long now = clock.millis();
        if (tokenBucket != null) {
            tokenBucket.refill(now);
            tokenBucket.take(delta);
        }
        daily.roll(now);
        daily.take(delta);
        tokens.add(actual);
    }

    /** This tenant's limits and use now. */
    public synchronized TenantUsage usage() {
        long now = clock.millis();
        if (requestBucket != null) {
            requestBucket.refill(now);
        }
        if (tokenBucket != null) {
            tokenBucket.refill(now);
        }
        daily.roll(now);
        long[] refused = new long[rejections.length];
        for (int i = 0; i < refused.length; i++) {
            refused[i] = rejections[i].sum();
        }
        return new TenantUsage(tenant, requestBucket == null ? 0 : requestBucket.used(),
                tokenBucket == null ? 0 : tokenBucket.used(), daily.used(), requests.sum(), tokens.sum(), refused);
    }
}
