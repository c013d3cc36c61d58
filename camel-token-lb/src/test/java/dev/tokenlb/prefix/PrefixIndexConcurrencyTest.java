package dev.tokenlb.prefix;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixIndexConcurrencyTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 3_000;
    private static final int SHARED = THREADS; // backends 0..THREADS-1 are each one thread's own; this one is shared
    private static final int CAPACITY = 4096;

    @Test
    void recordsAndLookupsFromManyThreadsKeepTheIndexConsistent() throws Exception {
        PrefixIndex index = new PrefixIndex(THREADS + 1, CAPACITY);
        long[] hot = new SplittableRandom(31).longs(12).toArray(); // a system prompt every thread sends
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<long[]>> lookupsPerBackend = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int own = t;
                lookupsPerBackend.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(100 + own);
                    long[] lookups = new long[THREADS + 1];
                    int[] all = new int[THREADS + 1];
                    start.await();
                    for (int r = 0; r < ROUNDS; r++) {
                        long[] chain = random.longs(1 + random.nextInt(8)).toArray();
                        // on its own backend a thread is the only writer: what it just recorded is there
                        index.record(own, chain);
                        assertEquals(chain.length, index.matchedBlocks(own, chain));
                        lookups[own]++;
                        // on the shared backend everyone writes
                        index.record(SHARED, chain);
                        if (r % 10 == 0) {
                            index.record(SHARED, hot);
                        }
                        int matched = index.matchedBlocks(SHARED, chain);
                        assertTrue(matched >= 0 && matched <= chain.length, "matched " + matched);
                        lookups[SHARED]++;
                        // everyone reads everyone's backends
                        index.matchAll(chain, all);
                        for (int b = 0; b <= THREADS; b++) {
                            lookups[b]++;
                        }
                        if (r % 500 == 0) {
                            for (int b = 0; b <= THREADS; b++) {
                                assertTrue(index.entries(b) <= CAPACITY);
                            }
                        }
                    }
                    return lookups;
                }));
            }
            start.countDown();
            long[] expectedLookups = new long[THREADS + 1];
            for (Future<long[]> f : lookupsPerBackend) {
                long[] lookups = f.get(60, TimeUnit.SECONDS);
                for (int b = 0; b <= THREADS; b++) {
                    expectedLookups[b] += lookups[b];
                }
            }
            for (int b = 0; b <= THREADS; b++) {
                PrefixStats stats = index.stats(b);
                assertEquals(expectedLookups[b], stats.lookups(), "lookups on backend " + b);
                assertTrue(stats.entries() <= CAPACITY);
            }
            // about 36,000 blocks went through a 4,096-block backend, yet the prompt touched every tenth round stays
            assertTrue(index.stats(SHARED).evictions() > 20_000, "evictions " + index.stats(SHARED).evictions());
            assertEquals(CAPACITY, index.entries(SHARED));
            assertEquals(hot.length, index.matchedBlocks(SHARED, hot));
            // the table still agrees with the ring
            ClockSet shared = index.set(SHARED);
            for (int pos = 0; pos < CAPACITY; pos++) {
                assertTrue(shared.contains(shared.keys[pos]), "ring position " + pos);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
