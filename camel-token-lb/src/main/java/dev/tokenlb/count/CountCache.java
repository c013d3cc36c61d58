package dev.tokenlb.count;

import java.security.SecureRandom;
import java.util.concurrent.atomic.LongAdder;

import com.knuddels.jtokkit.api.Encoding;

/**
 * An {@link Encoding} that remembers {@link #countTokensOrdinary} of the long texts it counted recently, and
 * passes everything else on.
 * <p>
 * Why: chat clients send the whole conversation on every turn, so the system prompt and every earlier message of a
 * 30,000-token history are counted again on each request, at about 15 million tokens a second a core (2 ms for
 * 30,000). Hashing the text costs about a nanosecond a character, an order of magnitude less. A text is looked up by
 * a 64-bit hash of its characters, seeded at random per instance (so clients cannot aim collisions at one another's
 * texts), and its length; the count returned is exactly the one jtokkit gave for that text.
 * <p>
 * Only texts of at least {@link #MIN_CHARS} characters are remembered: shorter ones are cheap to count and would only
 * push longer ones out. The table is direct-mapped with {@code entries} slots (a power of two): a new text takes its
 * slot from whatever held it, so memory stays bounded at about 40 bytes a slot.
 * <p>
 * Thread-safe without locks: a slot holds an immutable entry, published by a plain array write (final fields make
 * it safe to read from any thread); two threads counting the same text at once both count it, and the last write
 * wins, with the same value.
 */
final class CountCache extends ForwardingEncoding {

    /** Texts shorter than this are counted every time. */
    static final int MIN_CHARS = 256;

    private record Entry(long hash, int length, int tokens) {
    }

    private final Entry[] slots;
    private final int mask;
    private final long seed;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * @param entries slots in the table, rounded up to a power of two; at least 1
     */
    CountCache(Encoding encoding, int entries) {
        super(encoding);
        if (entries < 1) {
            throw new IllegalArgumentException("entries must be >= 1, was " + entries);
        }
        int size = Integer.highestOneBit(Math.min(entries, 1 << 30));
        size = size < entries ? size << 1 : size;
        this.slots = new Entry[size];
        this.mask = size - 1;
        this.seed = new SecureRandom().nextLong();
    }

    @Override
    public int countTokensOrdinary(String text) {
        if (text.length() < MIN_CHARS) {
            return super.countTokensOrdinary(text);
        }
        long hash = hash(text, seed);
        int slot = (int) hash & mask;
        Entry entry = slots[slot];
        if (entry != null && entry.hash == hash && entry.length == text.length()) {
            hits.increment();
            return entry.tokens;
        }
        misses.increment();
        int tokens = super.countTokensOrdinary(text);
        slots[slot] = new Entry(hash, text.length(), tokens);
        return tokens;
    }

    /** Long texts whose count was remembered. */
    long hits() {
        return hits.sum();
    }

    /** Long texts that had to be tokenized (short ones are not counted here). */
    long misses() {
        return misses.sum();
    }

    /** Slots holding a count now; for tests and the status page. */
    int remembered() {
        int n = 0;
        for (Entry e : slots) {
            if (e != null) {
                n++;
            }
        }
        return n;
    }

    int capacity() {
        return slots.length;
    }

    /**
     * 64-bit hash of the characters, two characters per step (a multiply and xor-shift each), finished with
     * MurmurHash3's 64-bit mix so every bit of the result depends on every character.
     */
    static long hash(String text, long seed) {
        long h = seed ^ (text.length() * 0x9E3779B97F4A7C15L);
        int n = text.length();
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long pair = ((long) text.charAt(i) << 16) | text.charAt(i + 1);
            h = (h ^ pair) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        if (i < n) {
            h = (h ^ text.charAt(i)) * 0xBF58476D1CE4E5B9L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
