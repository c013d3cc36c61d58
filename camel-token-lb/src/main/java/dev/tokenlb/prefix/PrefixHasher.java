package dev.tokenlb.prefix;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a prompt, as the engine sees it, into a chain of block hashes: the key {@link PrefixIndex} stores and looks up.
 * <p>
 * The prompt is given as text segments in order (role and content of each message, tool definitions, ...: the caller
 * chooses). They are read as one stream of units: the characters of each segment followed by a separator, so a
 * segment boundary matters ({@code ["ab","c"]} and {@code ["a","bc"]} differ) and a {@code null} segment counts as an
 * empty one. The stream is cut into blocks of {@link #charsPerBlock()} units (the default 64 characters are about the
 * 16 tokens of a vLLM block); only whole blocks count, since an engine does not cache a trailing partial block either.
 * Hashes are chained as vLLM's are: block {@code k}'s hash covers every unit of blocks {@code 0..k}, so two prompts
 * share the hash of block {@code k} only if they share the whole prefix up to its end.
 * <p>
 * At most {@link #maxBlocks()} blocks are hashed, so a huge prompt costs bounded time: the default 8,192 blocks are
 * 512 Ki characters, under a millisecond at about a nanosecond a character. The hash is 64 bits, seeded, one multiply
 * and xor-shift per two characters, with no allocation but the returned array; it is not cryptographic: a collision
 * can only make the balancer believe a prefix is cached where it is not. Use one hasher (one seed, one block size)
 * for every chain given to the same {@link PrefixIndex}.
 * <p>
 * To turn matched blocks into tokens, a caller that knows the prompt's tokens and characters scales
 * {@code blocks * charsPerBlock()} by their ratio (a segment's separator counts as one character).
 * <p>
 * Thread-safe: immutable.
 *
 * <pre>
 * PrefixHasher hasher = new PrefixHasher();
 * long[] chain = hasher.chain(List.of("system", systemPrompt, "user", question));
 * </pre>
 */
public final class PrefixHasher {

    /** About 16 tokens of English text, vLLM's default block size. */
    public static final int DEFAULT_CHARS_PER_BLOCK = 64;

    /** 8,192 blocks of 64 characters: 512 Ki characters, about 128k tokens. */
    public static final int DEFAULT_MAX_BLOCKS = 8192;

    // Units are tagged by kind so that the unit sequence decodes to exactly one stream of characters and separators.
    private static final long PAIR = 1L << 32;
    private static final long SINGLE = 2L << 32;
    private static final long SEPARATOR = 3L << 32;

    private final long start;
    private final int charsPerBlock;
    private final int maxBlocks;

    /** Default block size and cap, and a seed drawn at random (chains are comparable within this instance only). */
    public PrefixHasher() {
        this(new SecureRandom().nextLong(), DEFAULT_CHARS_PER_BLOCK, DEFAULT_MAX_BLOCKS);
    }

    /**
     * @param seed          chains from hashers with different seeds never match
     * @param charsPerBlock units per block, at least 1
     * @param maxBlocks     blocks hashed at most per prompt, at least 1
     */
    public PrefixHasher(long seed, int charsPerBlock, int maxBlocks) {
        if (charsPerBlock < 1) {
            throw new IllegalArgumentException("charsPerBlock must be >= 1, was " + charsPerBlock);
        }
        if (maxBlocks < 1) {
            throw new IllegalArgumentException("maxBlocks must be >= 1, was " + maxBlocks);
        }
        this.start = finish(seed);
        this.charsPerBlock = charsPerBlock;
        this.maxBlocks = maxBlocks;
    }

    /** As {@link #chain(List)}. */
    public long[] chain(CharSequence... segments) {
        return chain(Arrays.asList(segments));
    }

    /**
     * @return one hash per whole block, in order, at most {@link #maxBlocks()}; empty if the prompt is shorter than a
     *         block
     */
    public long[] chain(List<? extends CharSequence> segments) {
        long units = 0;
        for (CharSequence s : segments) {
            units += length(s) + 1L;
        }
        int blocks = (int) Math.min(units / charsPerBlock, maxBlocks);
        long[] chain = new long[blocks];
        if (blocks == 0) {
            return chain;
        }
        long h = start;
        int fill = 0; // units of the current block hashed so far
        int k = 0;
        for (CharSequence s : segments) {
            int n = length(s);
            int i = 0;
            while (i < n) {
                int end = i + Math.min(n - i, charsPerBlock - fill);
                h = mix(h, s, i, end);
                fill += end - i;
                i = end;
                if (fill == charsPerBlock) {
                    h = finish(h); // the next block starts from this one's hash: the chain
                    chain[k++] = h;
                    fill = 0;
                    if (k == blocks) {
                        return chain;
                    }
                }
            }
            h = step(h, SEPARATOR);
            if (++fill == charsPerBlock) {
                h = finish(h);
                chain[k++] = h;
                fill = 0;
                if (k == blocks) {
                    return chain;
                }
            }
        }
        throw new IllegalStateException("segments changed while being hashed");
    }

    /** Units (characters and separators) per block. */
    public int charsPerBlock() {
        return charsPerBlock;
    }

    /** Blocks hashed at most per prompt. */
    public int maxBlocks() {
        return maxBlocks;
    }

    private static int length(CharSequence s) {
        return s == null ? 0 : s.length();
    }

    /** Characters {@code from..to} of one segment, within one block; pairs are grouped from {@code from}. */
    private static long mix(long h, CharSequence s, int from, int to) {
        int i = from;
        for (; i + 1 < to; i += 2) {
            h = step(h, PAIR | (long) s.charAt(i) << 16 | s.charAt(i + 1));
        }
        if (i < to) {
            h = step(h, SINGLE | s.charAt(i));
        }
        return h;
    }

    private static long step(long h, long unit) {
        h = (h ^ unit) * 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 31);
    }

    /** MurmurHash3's 64-bit finalizer: every bit of the result depends on every bit of the state. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
