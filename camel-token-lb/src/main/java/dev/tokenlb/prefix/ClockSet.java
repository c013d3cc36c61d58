package dev.tokenlb.prefix;

import java.util.Arrays;

/**
 * One backend's bounded set of block hashes, evicting by CLOCK (second chance, an approximate LRU).
 * <p>
 * Layout, all primitive arrays allocated once: {@code keys} is the clock's ring, filled in order and then overwritten
 * at the hand; {@code referenced} holds one bit per ring position, set when a present key is touched again and
 * cleared as the hand passes; {@code table} is an open-addressing index (linear probing, load at most one half) from
 * a key to its ring position plus one, 0 meaning empty, so no key value is reserved. A new key starts unreferenced: a
 * key recorded once is evicted in the order it came, one touched again gets one more turn of the hand.
 * <p>
 * Not thread-safe: {@link PrefixIndex} holds this object's monitor around every call.
 */
final class ClockSet {

    final long[] keys;
    final long[] referenced;
    final int[] table;
    private final int mask;
    private final int ringMask;
    private final int shift;
    private int size;
    private int hand;

    long lookups;
    long hits;
    long evictions;

    /**
     * @param capacity keys held at most, a power of two
     */
    ClockSet(int capacity) {
        keys = new long[capacity];
        referenced = new long[(capacity + 63) >>> 6];
        table = new int[capacity * 2];
        mask = table.length - 1;
        ringMask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(table.length);
    }

    int size() {
        return size;
    }

    boolean contains(long key) {
        return find(key) >= 0;
    }

    /** How many of {@code chain[from..to)} are present before the first absent one. */
    int presentRun(long[] chain, int from, int to) {
        int i = from;
        while (i < to && find(chain[i]) >= 0) {
            i++;
        }
        return i - from;
    }

    /** Marks the key as used again if present; otherwise adds it, evicting the hand's victim when full. */
    void touch(long key) {
        int slot = find(key);
        if (slot >= 0) {
            int pos = table[slot] - 1;
            referenced[pos >>> 6] |= 1L << pos;
            return;
        }
        int pos;
        if (size < keys.length) {
            pos = size++;
        } else {
            pos = victim();
            remove(find(keys[pos]));
            evictions++;
        }
        keys[pos] = key;
        // probe after the removal: it may have moved entries of this key's cluster
        slot = home(key);
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = pos + 1;
    }

    void clear() {
        Arrays.fill(table, 0);
        Arrays.fill(referenced, 0L);
        size = 0;
        hand = 0;
    }

    /** Bytes of the arrays, counted from their lengths. */
    long bytes() {
        return keys.length * (long) Long.BYTES + referenced.length * (long) Long.BYTES
                + table.length * (long) Integer.BYTES;
    }

    /** The first unreferenced position from the hand, clearing the bits it passes; the hand moves past it. */
    private int victim() {
        for (;;) {
            int pos = hand;
            hand = (hand + 1) & ringMask;
            long bit = 1L << pos;
            if ((referenced[pos >>> 6] & bit) == 0) {
                return pos;
            }
            referenced[pos >>> 6] &= ~bit;
        }
    }

    /** Table slot of the key, or -1. */
    private int find(long key) {
        int slot = home(key);
        for (int e; (e = table[slot]) != 0; slot = (slot + 1) & mask) {
            if (keys[e - 1] == key) {
                return slot;
            }
        }
        return -1;
    }

    /** Empties a slot, shifting later entries of its cluster back so that no probe stops early (no tombstones). */
    private void remove(int slot) {
        int gap = slot;
        int j = slot;
        for (;;) {
            j = (j + 1) & mask;
            int e = table[j];
            if (e == 0) {
                break;
            }
            // the entry at j may fill the gap if the gap lies between its home slot and j
            if (((j - home(keys[e - 1])) & mask) >= ((j - gap) & mask)) {
                table[gap] = e;
                gap = j;
            }
        }
        table[gap] = 0;
    }

    private int home(long key) {
        // Fibonacci hashing: the top bits of a multiply, so keys that are not well mixed still spread
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
