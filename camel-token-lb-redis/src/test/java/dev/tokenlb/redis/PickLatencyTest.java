package dev.tokenlb.redis;

import java.util.Arrays;
import java.util.Locale;

import dev.tokenlb.ledger.Lease;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Measures pick+reserve through the shared ledger on loopback (a bounded loop, one thread, a second replica holding
 * load) and prints the percentiles; asserts only that nothing degraded and everything was released, since timings
 * depend on the machine. The figure is in target/surefire-reports/dev.tokenlb.redis.PickLatencyTest-output.txt.
 */
class PickLatencyTest {

    @Test
    void reportsPickAndReserveLatencyOnLoopback() throws Exception {
        try (RedisServer redis = RedisServer.launch();
             Replica one = new Replica(Replica.settings(redis, 10_000, 100));
             Replica two = new Replica(Replica.settings(redis, 10_000, 100))) {
            // the timeout is a second here: the figure is measured, not cut at the production default of 50 ms
            Lease background = two.reserve(2_000);
            int warmup = 1_000;
            int rounds = 3_000;
            long[] nanos = new long[rounds];
            for (int k = 0; k < warmup + rounds; k++) {
                long t0 = System.nanoTime();
                Lease lease = one.reserve(100 + k % 400);
                long t1 = System.nanoTime();
                lease.release();
                if (k >= warmup) {
                    nanos[k - warmup] = t1 - t0;
                }
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "pick+reserve over Redis on loopback, %d rounds: p50 %.3f ms, p99 %.3f ms, "
                              + "max %.3f ms%n", rounds, nanos[rounds / 2] / 1e6, nanos[rounds * 99 / 100] / 1e6,
                    nanos[rounds - 1] / 1e6);
            assertFalse(one.shared.status().degraded(), "a pick timed out: " + one.shared.status().reason());
            background.release();
            assertEquals(0, one.ledger.totalInflightTokens());
        }
    }
}
