package dev.tokenlb.prefix;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static dev.tokenlb.prefix.PrefixHasherTest.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixIndexTest {

    private final PrefixHasher hasher = new PrefixHasher(11, 64, 8192);

    private static long[] randomChain(SplittableRandom random, int blocks) {
        long[] chain = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            chain[i] = random.nextLong();
        }
        return chain;
    }

    @Test
    void aLongerPromptSharingTheFirstNBlocksMatchesExactlyN() {
        PrefixIndex index = new PrefixIndex(2);
        String system = text(1, 1000);
        String q1 = text(2, 300);
        long[] first = hasher.chain(List.of("system", system, "user", q1));
        index.record(1, first);
        int n = first.length; // (6 + 1000 + 4 + 300 + 4 separators) / 64 = 20
        assertEquals(20, n);

        long[] nextTurn = hasher.chain(List.of("system", system, "user", q1, "assistant", text(3, 500), "user", "ok"));
        assertTrue(nextTurn.length > n);
        assertEquals(n, index.matchedBlocks(1, nextTurn));
        assertEquals(0, index.matchedBlocks(0, nextTurn));

        // another question after the same system prompt: the blocks wholly inside "system|<system>|user|" match
        long[] otherQuestion = hasher.chain(List.of("system", system, "user", "Z" + text(4, 300)));
        assertEquals((6 + 1 + 1000 + 1 + 4 + 1) / 64, index.matchedBlocks(1, otherQuestion));
    }

    @Test
    void aPromptDifferingInBlockZeroMatchesNothingEvenIfLaterTextIsEqual() {
        PrefixIndex index = new PrefixIndex(1);
        String doc = text(5, 5000);
        index.record(0, hasher.chain("user", doc));
        assertEquals(78, index.matchedBlocks(0, hasher.chain("user", doc)));
        assertEquals(0, index.matchedBlocks(0, hasher.chain("User", doc)));
        assertEquals(0, index.matchedBlocks(0, hasher.chain("user", "x" + doc.substring(1))));
    }

    @Test
    void staysWithinCapacityAndItsArraysWhenFarMoreBlocksAreRecorded() {
        PrefixIndex index = new PrefixIndex(3, 1000);
        assertEquals(1024, index.capacity());
        ClockSet set = index.set(0);
        long[] keys = set.keys;
        int[] table = set.table;
        long[] referenced = set.referenced;
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 50_000; i++) {
            index.record(0, randomChain(random, 1 + random.nextInt(8)));
            if (i % 997 == 0) {
                assertTrue(index.entries(0) <= 1024, "entries " + index.entries(0));
            }
        }
        PrefixStats stats = index.stats(0);
        assertEquals(1024, stats.entries());
        assertTrue(stats.evictions() > 200_000 - 1024, "evictions " + stats.evictions());
        assertSame(keys, set.keys);
        assertSame(table, set.table);
        assertSame(referenced, set.referenced);
        // 16.125 bytes an entry, counted from the arrays: 8 (key) + 2 x 4 (table slots) + 1/8 (reference bit)
        long bytes = keys.length * 8L + table.length * 4L + referenced.length * 8L;
        assertEquals(1024 * 16 + 1024 / 8, bytes);
        assertEquals(3 * bytes, index.bytes());
        // the default: 1,056,768 bytes a backend
        ClockSet defaults = new PrefixIndex(1).set(0);
        assertEquals(1_056_768,
                defaults.keys.length * 8L + defaults.table.length * 4L + defaults.referenced.length * 8L);
    }

    @Test
    void evictsTheLeastRecentlyUsedPrefixFirstAndATouchedOneSurvives() {
        PrefixIndex index = new PrefixIndex(1, 8);
        SplittableRandom random = new SplittableRandom(13);
        long[] a = randomChain(random, 4);
        long[] b = randomChain(random, 4);
        long[] c = randomChain(random, 4);
        long[] d = randomChain(random, 4);
        index.record(0, a);
        index.record(0, b);
        index.record(0, a); // a is used again: b is now the least recently used
        index.record(0, c);
        assertEquals(4, index.matchedBlocks(0, a));
        assertEquals(0, index.matchedBlocks(0, b));
        assertEquals(4, index.matchedBlocks(0, c));
        index.record(0, d); // a was used before c
        assertEquals(0, index.matchedBlocks(0, a));
        assertEquals(4, index.matchedBlocks(0, c));
        assertEquals(4, index.matchedBlocks(0, d));
        assertEquals(8, index.entries(0));
    }

    @Test
    void aPrefixAgesOutTailFirstSoItsHeadStillMatches() {
        PrefixIndex index = new PrefixIndex(1, 8);
        SplittableRandom random = new SplittableRandom(14);
        long[] a = randomChain(random, 4);
        long[] b = randomChain(random, 4);
        index.record(0, a);
        index.record(0, b);
        index.record(0, randomChain(random, 2)); // two blocks must go: a's last two
        assertEquals(2, index.matchedBlocks(0, a));
        assertEquals(4, index.matchedBlocks(0, b));
    }

    @Test
    void walksLongChainsAcrossLockChunksAndStopsAtTheFirstMiss() {
        PrefixIndex index = new PrefixIndex(1, 4096);
        long[] chain = randomChain(new SplittableRandom(15), 3 * PrefixIndex.CHUNK + 17);
        index.record(0, chain);
        assertEquals(chain.length, index.matchedBlocks(0, chain));
        long[] holed = chain.clone();
        holed[2 * PrefixIndex.CHUNK + 5] = 42;
        assertEquals(2 * PrefixIndex.CHUNK + 5, index.matchedBlocks(0, holed));
        long[] exactChunk = Arrays.copyOf(chain, PrefixIndex.CHUNK);
        assertEquals(PrefixIndex.CHUNK, index.matchedBlocks(0, exactChunk));
        assertEquals(0, index.matchedBlocks(0, new long[0]));
        assertEquals(new PrefixStats(chain.length, 4096, 4, 3, 0), index.stats(0));
    }

    @Test
    void recordsOnlyAsManyBlocksOfAChainAsFit() {
        PrefixIndex index = new PrefixIndex(1, 512);
        long[] chain = randomChain(new SplittableRandom(16), 1000);
        index.record(0, chain);
        assertEquals(512, index.matchedBlocks(0, chain));
        assertEquals(512, index.entries(0));
        assertEquals(0, index.stats(0).evictions());
    }

    @Test
    void backendsAreIsolatedAndForgetClearsOnlyOne() {
        PrefixIndex index = new PrefixIndex(3, 64);
        SplittableRandom random = new SplittableRandom(17);
        long[] a = randomChain(random, 10);
        long[] b = randomChain(random, 6);
        index.record(0, a);
        index.record(2, a);
        index.record(2, b);
        int[] matched = new int[3];
        index.matchAll(a, matched);
        assertArrayEquals(new int[] {10, 0, 10}, matched);
        index.forget(2);
        index.matchAll(a, matched);
        assertArrayEquals(new int[] {10, 0, 0}, matched);
        assertEquals(0, index.entries(2));
        assertEquals(10, index.entries(0));
        // a forgotten backend fills again from scratch
        index.record(2, b);
        assertEquals(6, index.matchedBlocks(2, b));
        assertEquals(6, index.entries(2));
    }

    @Test
    void rejectsNoBackendsAndCapacitiesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new PrefixIndex(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrefixIndex(1, 0)).getMessage()
                .contains("between 1 and 536870912"));
        assertThrows(IllegalArgumentException.class, () -> new PrefixIndex(1, PrefixIndex.MAX_CAPACITY_BLOCKS + 1));
        assertEquals(1, new PrefixIndex(1, 1).capacity());
        assertEquals(PrefixIndex.DEFAULT_CAPACITY_BLOCKS, new PrefixIndex(2).capacity());
    }
}
