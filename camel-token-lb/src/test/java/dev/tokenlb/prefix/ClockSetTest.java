package dev.tokenlb.prefix;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClockSetTest {

    /** CLOCK as a textbook states it: a ring, its reference bits and a hand; membership by scanning the ring. */
    private static final class NaiveClock {
        final long[] ring;
        final boolean[] referenced;
        int size;
        int hand;

        NaiveClock(int capacity) {
            ring = new long[capacity];
            referenced = new boolean[capacity];
        }

        int indexOf(long key) {
            for (int i = 0; i < size; i++) {
                if (ring[i] == key) {
                    return i;
                }
            }
            return -1;
        }

        void touch(long key) {
            int i = indexOf(key);
            if (i >= 0) {
                referenced[i] = true;
                return;
            }
            if (size < ring.length) {
                ring[size++] = key;
                return;
            }
            while (referenced[hand]) {
                referenced[hand] = false;
                hand = (hand + 1) % ring.length;
            }
            ring[hand] = key;
            hand = (hand + 1) % ring.length;
        }
    }

    @Test
    void agreesWithATextbookClockUnderChurn() {
        // keys drawn from a universe four times the capacity, so that keys come back, are touched and evicted;
        // clustered keys (consecutive values and shared low bits) stress the table's backward-shift deletion
        int capacity = 128;
        long[] universe = new long[4 * capacity];
        for (int i = 0; i < universe.length; i++) {
            universe[i] = i % 3 == 0 ? i : i % 3 == 1 ? (long) i << 40 : new SplittableRandom(i).nextLong();
        }
        ClockSet set = new ClockSet(capacity);
        NaiveClock model = new NaiveClock(capacity);
        SplittableRandom random = new SplittableRandom(21);
        for (int op = 0; op < 40_000; op++) {
            long key = universe[random.nextInt(op % 2 == 0 ? universe.length : capacity / 2)];
            set.touch(key);
            model.touch(key);
            if (op % 101 == 0) {
                assertEquals(model.size, set.size());
                for (long k : universe) {
                    assertEquals(model.indexOf(k) >= 0, set.contains(k), "key " + k + " after op " + op);
                }
                int occupied = 0;
                for (int e : set.table) {
                    occupied += e == 0 ? 0 : 1;
                }
                assertEquals(set.size(), occupied);
            }
        }
        assertTrue(set.evictions > 10_000, "evictions " + set.evictions);
    }
}
