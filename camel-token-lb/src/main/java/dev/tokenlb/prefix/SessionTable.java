package dev.tokenlb.prefix;

import java.nio.charset.StandardCharsets;

/**
 * Where each session (a conversation, or an end user, as the route names it) last went, with the last block of the
 * prompt it sent there: its next turn probably finds that prompt in the backend's prefix cache even when the client
 * serialised the conversation differently (other key order, spacing or escapes), so that {@link PrefixIndex} does not
 * match its raw bytes, while the engine, which sees the rendered text, does.
 * <p>
 * Bounded and allocated once: a direct-mapped table of {@code capacity} sessions (rounded up to a power of two), 24
 * bytes each, where a new session takes the slot of the one that hashed there before (the older is forgotten, as a
 * cache forgets). The default {@value #DEFAULT_CAPACITY} sessions take 1.5 MB. Session names are kept as 64-bit hashes
 * only; a collision of two live sessions on one slot costs affinity, never correctness.
 * <p>
 * Thread-safe (one lock, held for a few array reads or writes).
 */
public final class SessionTable {

    /** Sessions remembered by default: 65,536. */
    public static final int DEFAULT_CAPACITY = 1 << 16;

    /** Where a session last went. */
    public record Place(int backend, long lastBlock, long tokens) {
    }

    private final long[] keys;
    private final long[] lastBlocks;
    private final long[] places; // backend in the high 24 bits, prompt tokens in the low 40
    private final int mask;

    public SessionTable(int capacity) {
        if (capacity < 1 || capacity > 1 << 24) {
            throw new IllegalArgumentException("capacity must be between 1 and " + (1 << 24) + ", was " + capacity);
        }
        int size = Integer.highestOneBit(capacity);
        size = size < capacity ? size << 1 : size;
        this.keys = new long[size];
        this.lastBlocks = new long[size];
        this.places = new long[size];
        this.mask = size - 1;
    }

    /** The session's 64-bit key (FNV-1a over its UTF-8 bytes, never 0); 0 for a null or empty name. */
    public static long key(String session) {
        if (session == null || session.isEmpty()) {
            return 0;
        }
        long h = 0xcbf29ce484222325L;
        for (byte b : session.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }

    /** The session's prompt, ending with this block and holding this many tokens, went to the backend. */
    public synchronized void record(long key, int backend, long lastBlock, long tokens) {
        if (key == 0 || backend < 0 || backend >= 1 << 23) {
            return;
        }
        int slot = slot(key);
        keys[slot] = key;
        lastBlocks[slot] = lastBlock;
        places[slot] = ((long) backend << 40) | Math.max(0, Math.min(tokens, (1L << 40) - 1));
    }

    /** Where the session last went, or null when it is unknown (never seen, or forgotten). */
    public synchronized Place find(long key) {
        if (key == 0) {
            return null;
        }
        int slot = slot(key);
        if (keys[slot] != key) {
            return null;
        }
        long packed = places[slot];
        return new Place((int) (packed >>> 40), lastBlocks[slot], packed & ((1L << 40) - 1));
    }

    public int capacity() {
        return keys.length;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
