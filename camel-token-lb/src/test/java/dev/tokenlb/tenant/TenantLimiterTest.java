package dev.tokenlb.tenant;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokenlb.RateLimitExceededException;
import dev.tokenlb.RateLimitExceededException.Limit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TenantLimiterTest {

    private static final long DAY = DailyBudget.MILLIS_PER_DAY;
    private final MutableClock clock = new MutableClock(100 * DAY);

    private TenantLimiter limiter(long tpm, long rpm, long daily) {
        return new TenantLimiter(new Tenant("team", "k", tpm, rpm, daily, Tenant.Priority.INTERACTIVE), clock);
    }

    @Test
    void requestsPerMinuteRefuseTheNextAndSayWhenOneFrees() {
        TenantLimiter l = limiter(0, 6, 0);
        for (int i = 0; i < 6; i++) {
            l.acquire(10);
        }
        RateLimitExceededException e = assertThrows(RateLimitExceededException.class, () -> l.acquire(10));
        assertEquals(Limit.REQUESTS_PER_MINUTE, e.limit());
        assertEquals(10_000, e.retryAfterMillis(), "6 per minute: one frees every 10 s");
        assertEquals(6, l.usage().requests());
        assertEquals(1, l.usage().rejections()[Limit.REQUESTS_PER_MINUTE.ordinal()]);
        clock.advance(10_000);
        l.acquire(10);
    }

    @Test
    void aRefusedRequestIsChargedNothing() {
        TenantLimiter l = limiter(1000, 2, 5000);
        l.acquire(600);
        assertThrows(RateLimitExceededException.class, () -> l.acquire(600)); // tokens refuse
        l.acquire(400);
        assertThrows(RateLimitExceededException.class, () -> l.acquire(1)); // requests refuse
        TenantUsage u = l.usage();
        assertEquals(2, u.requestsThisMinute());
        assertEquals(1000, u.tokensThisMinute());
        assertEquals(1000, u.tokensToday());
    }

    @Test
    void tokensAreCorrectedByTheRealUsage() {
        TenantLimiter l = limiter(1000, 0, 0);
        Permit p = l.acquire(800);
        p.settle(300); // the reply was shorter than expected
        assertEquals(300, l.usage().tokensThisMinute());
        l.acquire(700);
        Permit longer = l.acquire(0);
        longer.settle(500); // and this one longer: a debt
        RateLimitExceededException e = assertThrows(RateLimitExceededException.class, () -> l.acquire(100));
        assertEquals(Limit.TOKENS_PER_MINUTE, e.limit());
        assertEquals(36_000, e.retryAfterMillis(), "500 over, 100 wanted: 600 tokens at 1000/min");
        longer.settle(10_000);
        assertEquals(800, l.usage().tokens(), "settling twice counts once");
    }

    @Test
    void refundGivesTheTokensBackButNotTheRequest() {
        TenantLimiter l = limiter(1000, 1, 0);
        l.acquire(900).refundTokens();
        assertEquals(0, l.usage().tokensThisMinute());
        assertEquals(1, l.usage().requestsThisMinute());
    }

    @Test
    void aRequestLargerThanTheLimitNeverPasses() {
        TenantLimiter l = limiter(1000, 0, 0);
        RateLimitExceededException e = assertThrows(RateLimitExceededException.class, () -> l.acquire(1001));
        assertEquals(-1, e.retryAfterMillis());
    }

    @Test
    void theDailyBudgetStartsAgainAtMidnightUtc() {
        TenantLimiter l = limiter(0, 0, 1000);
        clock.advance(DAY - 5_000); // five seconds before midnight
        l.acquire(1000);
        RateLimitExceededException e = assertThrows(RateLimitExceededException.class, () -> l.acquire(1));
        assertEquals(Limit.DAILY_TOKENS, e.limit());
        assertEquals(5_000, e.retryAfterMillis());
        clock.advance(5_000);
        l.acquire(1000);
        assertEquals(1000, l.usage().tokensToday());
    }

    @Test
    void aChangedLimitKeepsWhatWasUsed() {
        TenantLimiter l = limiter(0, 3, 0);
        l.acquire(0);
        l.acquire(0);
        l.update(new Tenant("team", "k", 0, 2, 0, Tenant.Priority.BATCH));
        assertThrows(RateLimitExceededException.class, () -> l.acquire(0));
        l.update(new Tenant("team", "k", 0, 10, 0, Tenant.Priority.BATCH));
        l.acquire(0);
        assertEquals(3, l.usage().requestsThisMinute());
    }

    @Test
    void manyThreadsOnOneKeyGetExactlyItsRequestsPerMinute() throws Exception {
        TenantLimiter l = limiter(100_000, 50, 0);
        int threads = 8;
        int each = 40;
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    try {
                        l.acquire(100).settle(100);
                        admitted.incrementAndGet();
                    } catch (RateLimitExceededException e) {
                        refused.incrementAndGet();
                    }
                }
            });
            workers[t].start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(50, admitted.get());
        assertEquals(threads * each - 50, refused.get());
        assertEquals(50, l.usage().requests());
        assertEquals(5000, l.usage().tokensThisMinute());
        assertEquals(threads * each - 50, l.usage().rejections()[Limit.REQUESTS_PER_MINUTE.ordinal()]);
    }
}
