package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The block cache alone: lookup by prefix, pinning, and least-recently-released eviction. */
class PrefixCacheTest {

    /** A chain of {@code n} distinct block hashes, distinct from other {@code id}s. */
    static long[] chain(int id, int n) {
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = id * 1_000_000L + i;
        }
        return hashes;
    }

    @Test
    void aLookupCountsOnlyTheLeadingCachedBlocks() {
        PrefixCache cache = new PrefixCache(10);
        long[] a = chain(1, 4);
        cache.acquire(a, 0, 4);
        long[] diverging = {a[0], a[1], 99, a[3]};

        assertEquals(4, cache.lookup(a));
        assertEquals(2, cache.lookup(diverging), "a block counts only behind its whole prefix");
        assertEquals(0, cache.lookup(chain(2, 3)));
    }

    @Test
    void evictsTheLeastRecentlyReleasedBlocksWhenFull() {
        PrefixCache cache = new PrefixCache(4);
        long[] a = chain(1, 2);
        long[] b = chain(2, 2);
        cache.release(a, cache.acquire(a, 0, 2));
        cache.release(b, cache.acquire(b, 0, 2)); // full: a released first, then b
        long[] c = chain(3, 2);

        assertEquals(2, cache.acquire(c, 0, 2));

        assertEquals(0, cache.lookup(a), "a was the least recently released");
        assertEquals(2, cache.lookup(b));
        assertEquals(2, cache.lookup(c));
        assertEquals(4, cache.size());
        assertEquals(2, cache.evictions());
    }

    @Test
    void reusingABlockMakesItRecentAgain() {
        PrefixCache cache = new PrefixCache(2);
        long[] a = chain(1, 1);
        long[] b = chain(2, 1);
        cache.release(a, cache.acquire(a, 0, 1));
        cache.release(b, cache.acquire(b, 0, 1));
        cache.release(a, cache.acquire(a, 0, 1)); // a used again: b is now the oldest

        cache.acquire(chain(3, 1), 0, 1);

        assertEquals(1, cache.lookup(a));
        assertEquals(0, cache.lookup(b));
    }

    @Test
    void aReleasedChainLosesItsTailBeforeItsHead() {
        PrefixCache cache = new PrefixCache(3);
        long[] a = chain(1, 3);
        cache.release(a, cache.acquire(a, 0, 3));

        cache.acquire(chain(2, 1), 0, 1);

        assertEquals(2, cache.lookup(a), "the last block went first; the shared head stays");
    }

    @Test
    void neverEvictsABlockARunningSequenceHolds() {
        PrefixCache cache = new PrefixCache(3);
        long[] running = chain(1, 2);
        cache.acquire(running, 0, 2); // pinned
        long[] other = chain(2, 3);

        int held = cache.acquire(other, 0, 3);

        assertEquals(1, held, "room for one block only: the pinned two stay");
        assertEquals(2, cache.lookup(running));
        assertEquals(3, cache.pinned());
        cache.release(other, held);
        cache.release(running, 2);
        assertEquals(0, cache.pinned());
        assertEquals(3, cache.size(), "released blocks stay cached");
    }

    @Test
    void twoSequencesSharingABlockKeepItPinnedUntilBothLeave() {
        PrefixCache cache = new PrefixCache(2);
        long[] shared = chain(1, 1);
        cache.acquire(shared, 0, 1);
        cache.acquire(shared, 0, 1);
        cache.release(shared, 1);

        cache.acquire(chain(2, 1), 0, 1);
        assertEquals(0, cache.acquire(chain(3, 1), 0, 1), "the shared block is still held once");
        assertEquals(1, cache.lookup(shared));
    }

    @Test
    void refusesAnEmptyCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new PrefixCache(0));
    }
}
