package dev.tokenlb.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.pick.PickPolicies;
import dev.tokenlb.pick.PickPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one balancing decision on {@link TokenLedger}: {@code reserve(policy, cost, prompt, null)} (pick and
 * reserve, atomically, under the ledger's lock) followed at once by {@code lease.release()}, per strategy and number
 * of targets, from 1 thread and from 8 threads sharing one ledger (on a 2-core machine 8 threads are
 * oversubscribed: that measures lock hand-off and parking, as in a busy gateway).
 * <p>
 * The ledger is not idle: each target holds two background leases of 500 to 8,000 tokens for the whole trial, and
 * targets have weights 1 and 2, so the least-load policies compare real scores. Request costs come from a fixed
 * per-thread table (prompt 100 to 4,000 tokens plus 256 expected output).
 * <p>
 * Baseline ({@code baselineLockedCounter_*}): what a trivial balancer costs, incrementing an {@code AtomicLong}
 * under a {@code ReentrantLock} and decrementing it after (as the ledger's release, without the lock).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LedgerBenchmark {

    /** One ledger shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Ledger {

        @Param({ "tokens", "delay", "round-robin", "least-requests" })
        public String strategy;

        @Param({ "4", "16", "64" })
        public int targets;

        TokenLedger ledger;
        PickPolicy policy;
        private final List<Lease> background = new ArrayList<>();

        @Setup(Level.Trial)
        public void setUp() {
            List<Target> list = new ArrayList<>(targets);
            for (int i = 0; i < targets; i++) {
                list.add(new Target("t" + i, "http://10.0.0." + i + ":8000", i % 4 == 0 ? 2.0 : 1.0));
            }
            ledger = new TokenLedger(list);
            policy = PickPolicies.forName(strategy);
            SplittableRandom random = new SplittableRandom(targets);
            for (int i = 0; i < targets; i++) {
                for (int k = 0; k < 2; k++) {
                    background.add(ledger.reserveOn(i, 500 + random.nextInt(7_500)));
                }
            }
        }

        @TearDown(Level.Trial)
        public void checkBalanced() {
            background.forEach(Lease::release);
            if (ledger.totalInflightTokens() != 0 || ledger.totalInflightRequests() != 0) {
                throw new IllegalStateException("ledger not back to 0: " + ledger.snapshot());
            }
        }
    }

    /** Each thread's request costs, cycled. */
    @State(Scope.Thread)
    public static class Costs {
        private static final int N = 1024;
        final long[] prompt = new long[N];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
            for (int i = 0; i < N; i++) {
                prompt[i] = 100 + random.nextInt(3_900);
            }
        }
    }

    /** The trivial balancer: one counter, one lock. */
    @State(Scope.Benchmark)
    public static class Locked {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicLong inflight = new AtomicLong();
    }

    private static final long OUTPUT = 256;

    private static int pickReserveRelease(Ledger l, Costs c) {
        long prompt = c.prompt[c.next++ & (Costs.N - 1)];
        Lease lease = l.ledger.reserve(l.policy, prompt + OUTPUT, prompt, null);
        lease.release();
        return lease.index();
    }

    private static long lockedCounter(Locked b) {
        long now;
        b.lock.lock();
        try {
            now = b.inflight.incrementAndGet();
        } finally {
            b.lock.unlock();
        }
        b.inflight.decrementAndGet();
        return now;
    }

    @Benchmark
    @Threads(1)
    public int pickReserveRelease_1thread(Ledger l, Costs c) {
        return pickReserveRelease(l, c);
    }

    @Benchmark
    @Threads(8)
    public int pickReserveRelease_8threads(Ledger l, Costs c) {
        return pickReserveRelease(l, c);
    }

    @Benchmark
    @Threads(1)
    public long baselineLockedCounter_1thread(Locked b) {
        return lockedCounter(b);
    }

    @Benchmark
    @Threads(8)
    public long baselineLockedCounter_8threads(Locked b) {
        return lockedCounter(b);
    }
}
