package dev.tokenlb.sim;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * An engine's automatic prefix cache, as vLLM's: up to {@code capacity} blocks of KV, each known by its chained hash
 * ({@link PromptBlocks}). A block held by a running sequence is pinned (a reference count) and never evicted; a block
 * nobody holds stays cached and is evicted least recently released first, when a new block needs room. Like vLLM, a
 * sequence releases its blocks last one first, so the tail of a prompt goes before its shared head. When every cached
 * block is pinned, a new block is simply not cached. Not thread-safe: confined to the engine's thread.
 *
 * <p>The capacity is a budget of its own: the engine's KV accounting ({@code maxKvTokens}) does not share blocks
 * between sequences, so a hit saves prefill time, not KV room.
 */
final class PrefixCache {

    private final int capacity;
    /** Every cached block: its hash and how many running sequences hold it. */
    private final Map<Long, Integer> refs = new HashMap<>();
    /** The blocks nobody holds, least recently released first: the eviction order. */
    private final LinkedHashSet<Long> evictable = new LinkedHashSet<>();
    private long evictions;

    /** @param capacity blocks, at least 1 */
    PrefixCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a prefix cache needs at least 1 block, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** How many leading blocks of {@code chain} are cached now. Changes nothing. */
    int lookup(long[] chain) {
        int n = 0;
        while (n < chain.length && refs.containsKey(chain[n])) {
            n++;
        }
        return n;
    }

    /**
     * Pins blocks {@code from} to {@code to - 1} of {@code chain}, caching those not cached yet (evicting the least
     * recently released block when full). Stops at the first block that finds no room, since a block is useful only
     * behind its whole prefix.
     *
     * @return the index after the last block now held: {@code to}, or where it stopped
     */
    int acquire(long[] chain, int from, int to) {
        for (int i = from; i < to; i++) {
            Long hash = chain[i];
            Integer held = refs.get(hash);
            if (held != null) {
                if (held == 0) {
                    evictable.remove(hash);
                }
                refs.put(hash, held + 1);
            } else if (refs.size() < capacity || evictOne()) {
                refs.put(hash, 1);
            } else {
                return i;
            }
        }
        return to;
    }

    /** Unpins blocks {@code 0} to {@code held - 1} of {@code chain}, last one first; they stay cached. */
    void release(long[] chain, int held) {
        for (int i = held - 1; i >= 0; i--) {
            Long hash = chain[i];
            int left = refs.get(hash) - 1;
            refs.put(hash, left);
            if (left == 0) {
                evictable.add(hash);
            }
        }
    }

    private boolean evictOne() {
        Iterator<Long> oldest = evictable.iterator();
        if (!oldest.hasNext()) {
            return false;
        }
        refs.remove(oldest.next());
        oldest.remove();
        evictions++;
        return true;
    }

    int capacity() {
        return capacity;
    }

    /** Blocks cached now, held or not. */
    int size() {
        return refs.size();
    }

    /** Blocks held by running sequences now. */
    int pinned() {
        return refs.size() - evictable.size();
    }

    long evictions() {
        return evictions;
    }
}
