package dev.tokenlb.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import dev.tokenlb.cluster.ClusterStatus;
import dev.tokenlb.ledger.Admission;
import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.QueueBound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two replicas sharing one real redis-server. */
class SharedLedgerTest {

    private RedisServer redis;
    private RedisProbe probe;
    private final List<Replica> replicas = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.launch();
        probe = new RedisProbe(redis, "test", null);
    }

    @AfterEach
    void stopAll() throws Exception {
        replicas.forEach(Replica::close);
        if (probe != null) {
            probe.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private Replica replica(long ttlMillis, long syncMillis) {
        Replica r = new Replica(Replica.settings(redis, ttlMillis, syncMillis));
        replicas.add(r);
        return r;
    }

    @Test
    void aPickSeesWhatAnotherReplicaReservedJustBefore() {
        // no renewal between the two picks: only the pick script can know of the other replica's lease
        Replica one = replica(60_000, 20_000);
        Replica two = replica(60_000, 20_000);
        Lease big = one.reserve(5_000);
        Lease next = two.reserve(100);
        assertTrue(big.index() != next.index(), "the second replica must avoid the first one's backend");
        assertEquals(5_000, two.shared.tokens(big.index()), "the pick brought back the peer's load");
        Lease third = two.reserve(100);
        assertEquals(next.index(), third.index(), "5,000 tokens elsewhere still outweigh 200 here");
        assertEquals(Map.of(name(big), 5_000L, name(next), 200L), probe.tokens());
        big.release();
        next.release();
        third.release();
        awaitTrue(() -> probe.totalTokens() == 0 && probe.totalRequests() == 0, 2_000, "released in Redis");
    }

    @Test
    void concurrentReservationsOnTwoReplicasLeaveRedisAtExactlyZero() throws Exception {
        Replica one = replica(10_000, 50);
        Replica two = replica(10_000, 50);
        int threads = 8;
        int rounds = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Replica r = t % 2 == 0 ? one : two;
            int seed = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int k = 0; k < rounds; k++) {
                    Lease lease = r.reserve(1 + (seed * 31 + k * 17) % 500);
                    if (k % 3 == 0) {
                        lease.adjustRemaining(lease.tokens() / 2); // 0 for a 1-token lease: a move by -0
                    }
                    lease.release();
                    lease.release(); // a second release changes nothing, here or in Redis
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(0, one.ledger.totalInflightTokens());
        assertEquals(0, two.ledger.totalInflightTokens());
        awaitTrue(() -> probe.totalTokens() == 0 && probe.totalRequests() == 0 && probe.leases() == 0, 5_000,
                "Redis back to 0");
        assertEquals(0, one.shared.degradations() + two.shared.degradations(), "no script failed");
        assertEquals(0, one.shared.liveLeases());
    }

    @Test
    void replicasSharingABoundNeverOversubscribeIt() throws Exception {
        Replica one = replica(60_000, 20_000); // no renewal: only the pick script keeps the bound
        Replica two = replica(60_000, 20_000);
        one.ledger.setAdmission(new QueueBound(one.ledger, 1_000, Admission.ALL));
        two.ledger.setAdmission(new QueueBound(two.ledger, 1_000, Admission.ALL));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Lease>>> held = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Replica r = t % 2 == 0 ? one : two;
            held.add(pool.submit(() -> {
                go.await();
                List<Lease> mine = new ArrayList<>();
                for (Lease l = r.reserve(300); l != null; l = r.reserve(300)) {
                    mine.add(l);
                }
                return mine;
            }));
        }
        go.countDown();
        List<Lease> all = new ArrayList<>();
        for (Future<List<Lease>> f : held) {
            all.addAll(f.get());
        }
        pool.shutdown();
        // a backend under its bound takes one more request, whatever its size: at most 999 + 300 each
        for (long tokens : probe.tokens().values()) {
            assertTrue(tokens >= 1_000 && tokens <= 999 + 300, "held across both replicas: " + tokens);
        }
        all.forEach(Lease::release);
        awaitTrue(() -> probe.totalTokens() == 0, 2_000, "released");
    }

    @Test
    void whatALeaseStillHoldsReachesRedisAtTheNextRenewal() {
        Replica one = replica(2_000, 50);
        Lease lease = one.reserve(1_000);
        lease.adjustRemaining(250);
        awaitTrue(() -> probe.totalTokens() == 250, 2_000, "the decayed lease in Redis");
        lease.release();
        awaitTrue(() -> probe.totalTokens() == 0 && probe.totalRequests() == 0, 2_000, "released");
    }

    @Test
    void aKilledReplicasTokensLeaveWithinTheTtl() throws Exception {
        Replica survivor = replica(1_000, 50);
        Replica victim = replica(1_000, 50);
        victim.reserve(3_000);
        victim.reserve(3_000);
        awaitTrue(() -> survivor.shared.tokens(0) + survivor.shared.tokens(1) == 6_000, 2_000, "survivor sees 6,000");
        long killed = System.nanoTime();
        victim.shared.crash();
        awaitTrue(() -> survivor.shared.tokens(0) + survivor.shared.tokens(1) == 0, 3_000, "victim's tokens gone");
        long millis = (System.nanoTime() - killed) / 1_000_000;
        assertTrue(millis <= 1_000 + 1_000, "gone after " + millis + " ms, TTL 1,000 ms (plus a sync and scheduling)");
        assertEquals(0, probe.totalTokens());
        assertEquals(1, probe.replicas());
    }

    @Test
    void renewalKeepsALongLeaseAlivePastItsTtl() throws Exception {
        Replica holder = replica(1_000, 50);
        Replica other = replica(1_000, 50);
        Lease stream = holder.reserve(2_000);
        Thread.sleep(2_500); // more than two TTLs
        assertEquals(2_000, other.shared.tokens(stream.index()));
        assertEquals(2_000, probe.totalTokens());
        stream.release();
        awaitTrue(() -> probe.totalTokens() == 0, 2_000, "released");
    }

    @Test
    void redisKilledMidRunDegradesThenRebuildsTheSharedTotals() throws Exception {
        Replica one = replica(2_000, 50);
        Replica two = replica(2_000, 50);
        Lease kept = one.reserve(1_000);
        Lease releasedDuringOutage = one.reserve(700);
        two.reserve(300);
        awaitTrue(() -> probe.totalTokens() == 2_000, 2_000, "2,000 in Redis");
        probe.close();
        redis.kill();
        List<Lease> duringOutage = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            Lease l = one.reserve(10); // never fails
            assertNotNull(l);
            duringOutage.add(l);
        }
        awaitTrue(() -> one.shared.status().degraded(), 2_000, "degraded");
        ClusterStatus down = one.shared.status();
        assertNotNull(down.reason());
        assertEquals(0, one.shared.tokens(0) + one.shared.tokens(1), "no stale peer load while degraded");
        releasedDuringOutage.release();
        for (int k = 0; k < 10; k++) {
            duringOutage.get(k).release();
        }
        redis.start(); // empty: everything must be published again
        probe = new RedisProbe(redis, "test", null);
        awaitTrue(() -> !one.shared.status().degraded() && !two.shared.status().degraded(), 5_000, "back");
        // one holds 1,000 + 10 x 10, two holds 300: exactly, counted once
        awaitTrue(() -> probe.totalTokens() == 1_400 && probe.totalRequests() == 12, 3_000, "rebuilt");
        assertEquals(one.ledger.totalInflightTokens(), 1_100);
        awaitTrue(() -> one.shared.status().replicas() == 2, 2_000, "both replicas in the status");
        kept.release();
        duringOutage.forEach(Lease::release);
        awaitTrue(() -> probe.totalTokens() == 300, 2_000, "one's leases released");
    }

    @Test
    void unreachableRedisAtStartStartsDegradedAndSaysWhy() throws Exception {
        int port = redis.port();
        redis.kill();
        Replica lonely = replica(2_000, 50);
        ClusterStatus s = lonely.shared.status();
        assertTrue(s.degraded());
        assertNotNull(s.reason());
        assertNotNull(lonely.reserve(10), "requests go on with the local ledger");
        redis.start();
        awaitTrue(() -> !lonely.shared.status().degraded(), 5_000, "joins once Redis is up on port " + port);
    }

    private static String name(Lease lease) {
        return lease.target().name();
    }

    static void awaitTrue(BooleanSupplier condition, long millis, String what) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
