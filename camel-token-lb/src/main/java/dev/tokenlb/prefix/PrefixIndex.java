package dev.tokenlb.prefix;

/**
 * Per backend, the block hashes of the prompts this gateway sent there, bounded like the backend's own prefix cache;
 * and how long a prefix of a new prompt each backend probably still holds.
 * <p>
 * Each backend (index {@code 0..backends-1}) has a set of at most {@link #capacity()} block hashes, evicting by CLOCK,
 * an approximate LRU: a block recorded again survives a turn more than one recorded once. {@link #record} adds a
 * chain last block first, so when a prefix ages out its tail goes before its head, as in vLLM (which frees a request's
 * blocks in reverse): a surviving head still matches, whereas a lost block 0 would make the whole chain useless.
 * Only the first {@link #capacity()} blocks of a chain are recorded. A lookup walks the chain from block 0 to the first
 * miss; it does not count as use, since only the backend finally chosen serves the prompt (record it there).
 * <p>
 * Memory, allocated once: the capacity is rounded up to a power of two, and each entry costs a key (8 bytes), two
 * slots of the open-addressing table (2 x 4 bytes, load at most one half) and a reference bit: <b>16.125 bytes per
 * entry</b> for capacities of at least 64, whatever is recorded. The default {@value #DEFAULT_CAPACITY_BLOCKS} blocks
 * (about a million tokens at 16 tokens a block) take 1,056,768 bytes a backend; 100,000 prompts of 3 blocks spread
 * over 5 backends fit in 5.3 MB. Ideally the capacity matches what the engine can cache: its KV cache in tokens divided
 * by the tokens of one {@link PrefixHasher} block.
 * <p>
 * Thread-safe: each backend has its own lock, held for at most 256 blocks of a lookup or a record at a
 * time, so a long chain never blocks other requests for long and backends never wait for one another.
 *
 * <pre>
 * long[] chain = hasher.chain(segments);
 * index.matchAll(chain, matched);        // blocks of this prompt each backend probably holds
 * int chosen = ...;                     // the balancer's pick, weighing matched[i] * hasher.charsPerBlock()
 * index.record(chosen, chain);
 * </pre>
 */
public final class PrefixIndex {

    /** Blocks per backend by default: 65,536, about a million tokens at 16 tokens a block. */
    public static final int DEFAULT_CAPACITY_BLOCKS = 1 << 16;

    /** Largest capacity per backend (the table has twice as many slots). */
    public static final int MAX_CAPACITY_BLOCKS = 1 << 29;

    /** Blocks handled per lock hold. */
    static final int CHUNK = 256;

    private final ClockSet[] sets;
    private final int capacity;

    /** {@link #DEFAULT_CAPACITY_BLOCKS} per backend. */
    public PrefixIndex(int backends) {
        this(backends, DEFAULT_CAPACITY_BLOCKS);
    }

    /**
     * @param backends       number of backends, at least 1
     * @param capacityBlocks block hashes held per backend, rounded up to a power of two; 1 to
     *                       {@link #MAX_CAPACITY_BLOCKS}
     */
    public PrefixIndex(int backends, int capacityBlocks) {
        if (backends < 1) {
            throw new IllegalArgumentException("backends must be >= 1, was " + backends);
        }
        if (capacityBlocks < 1 || capacityBlocks > MAX_CAPACITY_BLOCKS) {
            throw new IllegalArgumentException(
                    "capacityBlocks must be between 1 and " + MAX_CAPACITY_BLOCKS + ", was " + capacityBlocks);
        }
        int size = Integer.highestOneBit(capacityBlocks);
        this.capacity = size < capacityBlocks ? size << 1 : size;
        this.sets = new ClockSet[backends];
        for (int i = 0; i < backends; i++) {
            sets[i] = new ClockSet(capacity);
        }
    }

    /**
     * @return how many blocks of the chain, from block 0 to the first one missing, the backend probably holds
     */
    public int matchedBlocks(int backend, long[] chain) {
        ClockSet set = sets[backend];
        int n = chain.length;
        int matched;
        synchronized (set) {
            int end = Math.min(n, CHUNK);
            matched = set.presentRun(chain, 0, end);
            set.lookups++;
            if (matched > 0) {
                set.hits++;
            }
            if (matched < end) {
                return matched;
            }
        }
        while (matched < n) {
            int end = Math.min(n, matched + CHUNK);
            int run;
            synchronized (set) {
                run = set.presentRun(chain, matched, end);
            }
            matched += run;
            if (matched < end) {
                break;
            }
        }
        return matched;
    }

    /**
     * {@link #matchedBlocks(int, long[])} for every backend.
     *
     * @param into receives backend {@code i}'s count at index {@code i}; at least {@link #backends()} in length
     */
    public void matchAll(long[] chain, int[] into) {
        for (int i = 0; i < sets.length; i++) {
            into[i] = matchedBlocks(i, chain);
        }
    }

    /**
     * Whether the backend probably still holds the block whose chained hash this is (and so, the hashes being
     * chained, the whole prefix that ends with it). Like a lookup, it does not count as use.
     */
    public boolean holds(int backend, long blockHash) {
        ClockSet set = sets[backend];
        synchronized (set) {
            return set.contains(blockHash);
        }
    }

    /** The prompt of this chain was sent to the backend: its blocks are added, or marked used again if present. */
    public void record(int backend, long[] chain) {
        ClockSet set = sets[backend];
        int end = Math.min(chain.length, capacity);
        while (end > 0) {
            int start = Math.max(0, end - CHUNK);
            synchronized (set) {
                for (int i = end - 1; i >= start; i--) {
                    set.touch(chain[i]);
                }
            }
            end = start;
        }
    }

    /** Forgets everything recorded for the backend (it restarted, or reports an empty cache); counters are kept. */
    public void forget(int backend) {
        ClockSet set = sets[backend];
        synchronized (set) {
            set.clear();
        }
    }

    public int backends() {
        return sets.length;
    }

    /** Block hashes held at most per backend: the configured capacity rounded up to a power of two. */
    public int capacity() {
        return capacity;
    }

    /** Block hashes the backend holds now. */
    public int entries(int backend) {
        ClockSet set = sets[backend];
        synchronized (set) {
            return set.size();
        }
    }

    public PrefixStats stats(int backend) {
        ClockSet set = sets[backend];
        synchronized (set) {
            return new PrefixStats(set.size(), capacity, set.lookups, set.hits, set.evictions);
        }
    }

    /** Bytes of the index's arrays over all backends (fixed from construction on); object headers aside. */
    public long bytes() {
        long bytes = 0;
        for (ClockSet set : sets) {
            bytes += set.bytes();
        }
        return bytes;
    }

    /** The backend's set, for tests in this package. */
    ClockSet set(int backend) {
        return sets[backend];
    }
}
