package dev.tokenlb.prefix;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixHasherTest {

    private static final PrefixHasher HASHER = new PrefixHasher(42, 8, 1000);

    static String text(long seed, int length) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    @Test
    void sameSegmentsGiveTheSameChainWhateverTheCharSequence() {
        String system = text(1, 100);
        String user = text(2, 50);
        long[] chain = HASHER.chain(List.of("system", system, "user", user));
        // 6 + 100 + 4 + 50 characters and 4 separators: 164 units, 20 whole blocks of 8
        assertEquals(20, chain.length);
        assertArrayEquals(chain, HASHER.chain("system", new StringBuilder(system), "user", user));
        assertArrayEquals(chain, new PrefixHasher(42, 8, 1000).chain("system", system, "user", user));
        assertEquals(20, Arrays.stream(chain).distinct().count());
    }

    @Test
    void anotherSeedGivesAnotherChain() {
        long[] a = HASHER.chain(text(3, 200));
        long[] b = new PrefixHasher(43, 8, 1000).chain(text(3, 200));
        assertEquals(a.length, b.length);
        for (int k = 0; k < a.length; k++) {
            assertNotEquals(a[k], b[k], "block " + k);
        }
    }

    @Test
    void aSegmentBoundaryChangesTheChain() {
        PrefixHasher oneCharBlocks = new PrefixHasher(7, 4, 100);
        long[] ab = oneCharBlocks.chain("ab", "c");
        long[] a = oneCharBlocks.chain("a", "bc");
        assertEquals(1, ab.length); // "ab|c|" is 5 units
        assertEquals(1, a.length);
        assertNotEquals(ab[0], a[0]);
        // same units in the same groups, only the separators sit elsewhere: "ab|cd|" and "abcd||"
        PrefixHasher sixUnitBlocks = new PrefixHasher(7, 6, 100);
        assertNotEquals(sixUnitBlocks.chain("ab", "cd")[0], sixUnitBlocks.chain("abcd", "")[0]);
        // also when the boundary falls in a later block: the block holding it and all after differ
        String doc = text(4, 40);
        long[] x = HASHER.chain(doc.substring(0, 20), doc.substring(20));
        long[] y = HASHER.chain(doc.substring(0, 21), doc.substring(21));
        assertEquals(x[1], y[1]); // units 0..15 are equal
        assertNotEquals(x[2], y[2]); // units 16..23 hold the boundary
        assertNotEquals(x[4], y[4]);
        // an empty segment is a segment, and null counts as empty
        String d = doc.substring(0, 10);
        String e = doc.substring(10);
        assertNotEquals(HASHER.chain(d, "", e)[1], HASHER.chain(d, e)[1]);
        assertArrayEquals(HASHER.chain(d, "", e), HASHER.chain(Arrays.asList(d, null, e)));
    }

    @Test
    void onlyWholeBlocksCount() {
        // 20 characters and one separator: 21 units, 2 whole blocks of 8; the last 5 units are not cacheable
        assertEquals(2, HASHER.chain(text(5, 20)).length);
        assertEquals(0, HASHER.chain("123456").length); // 7 units
        assertEquals(1, HASHER.chain("1234567").length); // 8 units: exactly one block
        assertEquals(0, HASHER.chain(List.of()).length);
        // a longer prompt shares the whole blocks of a shorter one, and no more
        String doc = text(6, 100);
        long[] shorter = HASHER.chain(doc.substring(0, 50)); // 51 units: 6 blocks (48 characters)
        long[] longer = HASHER.chain(doc); // 101 units: 12 blocks
        assertEquals(6, shorter.length);
        assertArrayEquals(Arrays.copyOf(longer, 6), shorter);
    }

    @Test
    void aDifferenceInBlockZeroChangesEveryLaterBlock() {
        String doc = text(7, 400);
        long[] chain = HASHER.chain(doc);
        long[] other = HASHER.chain("X" + doc.substring(1));
        assertEquals(chain.length, other.length);
        for (int k = 0; k < chain.length; k++) {
            assertNotEquals(chain[k], other[k], "block " + k);
        }
        // and a difference further on keeps the blocks before it
        long[] late = HASHER.chain(doc.substring(0, 100) + "X" + doc.substring(101));
        assertArrayEquals(Arrays.copyOf(chain, 12), Arrays.copyOf(late, 12)); // units 0..95 equal
        assertNotEquals(chain[12], late[12]);
        assertNotEquals(chain[40], late[40]);
    }

    @Test
    void nearDuplicateTextsDoNotCollide() {
        // a linear hash (h * 31 + c) collides on texts whose characters differ by offsetting amounts; ours must not
        PrefixHasher hasher = new PrefixHasher(8, 5, 10);
        Set<Long> seen = new HashSet<>();
        for (char c1 = '0'; c1 < '0' + 64; c1++) {
            for (char c3 = '0'; c3 < '0' + 64; c3++) {
                seen.add(hasher.chain(new String(new char[] {'a', c1, 'b', c3}))[0]);
            }
        }
        assertEquals(64 * 64, seen.size());
    }

    @Test
    void aHugePromptIsHashedInBoundedBlocks() {
        PrefixHasher hasher = new PrefixHasher(9, 64, 128);
        CountingText huge = new CountingText(Integer.MAX_VALUE - 1);
        long[] chain = hasher.chain("system", huge);
        assertEquals(128, chain.length);
        // 6 characters and a separator come before it: 128 * 64 - 7 of its characters are read, and no more
        assertEquals(128 * 64 - 7, huge.reads);
        // the same as the chain of the part that was read, plus some more text
        String head = huge.subSequence(0, 128 * 64).toString();
        assertArrayEquals(chain, hasher.chain("system", head));
    }

    @Test
    void rejectsAnEmptyBlockOrNoBlocks() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrefixHasher(1, 0, 10)).getMessage()
                .contains("charsPerBlock"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PrefixHasher(1, 64, 0)).getMessage()
                .contains("maxBlocks"));
        PrefixHasher defaults = new PrefixHasher();
        assertEquals(PrefixHasher.DEFAULT_CHARS_PER_BLOCK, defaults.charsPerBlock());
        assertEquals(PrefixHasher.DEFAULT_MAX_BLOCKS, defaults.maxBlocks());
        assertFalse(Arrays.equals(defaults.chain(text(8, 200)), new PrefixHasher().chain(text(8, 200))));
    }

    /** A text of any length that costs no memory, counting the characters read from it. */
    private static final class CountingText implements CharSequence {
        private final int length;
        long reads;

        CountingText(int length) {
            this.length = length;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            reads++;
            return (char) ('a' + index % 23);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            StringBuilder sb = new StringBuilder(end - start);
            for (int i = start; i < end; i++) {
                sb.append((char) ('a' + i % 23));
            }
            return sb;
        }

        @Override
        public String toString() {
            return subSequence(0, Math.min(length, 100)).toString();
        }
    }
}
