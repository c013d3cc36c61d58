package dev.tokenlb.balance;

import java.util.concurrent.atomic.AtomicLongArray;

import dev.tokenlb.engine.EngineSample;
import dev.tokenlb.prefix.PrefixIndex;
import dev.tokenlb.prefix.PromptPrefix;
import dev.tokenlb.prefix.SessionTable;

/**
 * Where a prompt's prefix is probably cached: a bounded index of the prefixes this balancer sent to each target
 * ({@link PrefixIndex}), scaled per target by how far the engine's own prefix-cache hits bear out its predictions.
 * <p>
 * That trust is learned between two scrapes of the engine's metrics: hits the engine reports (tokens) over cached
 * tokens predicted for the requests sent there, at most 1, smoothed. An engine whose cache is smaller than the index,
 * or that caches nothing, is thereby trusted less, down to 0; a target without metrics keeps a trust of 1. An engine
 * whose hit counter went down restarted: its cache is empty, so its part of the index is cleared.
 * <p>
 * A request that names its session ({@link dev.tokenlb.TokenLbConstants#SESSION}) also counts the prompt its session
 * last sent as cached where it went ({@link SessionTable}), as long as the index still holds that prompt's last block
 * there: the next turn of a conversation whose client serialises it differently each time still finds its cache. The
 * claim is scaled by the same trust, and weighed against load like any other cached prefix.
 * <p>
 * Thread-safe.
 */
final class PrefixAffinity {

    /** Predicted tokens a window needs before it says anything of the engine's cache. */
    static final long MIN_PREDICTED = 2_048;
    /** Weight of a new window's ratio in the trust. */
    static final double ALPHA = 0.3;

    private final PrefixIndex index;
    private final SessionTable sessions = new SessionTable(SessionTable.DEFAULT_CAPACITY);
    private final AtomicLongArray predicted;
    private final AtomicLongArray trustBits;
    private final long[] predictedAtScrape; // guarded by this
    private final double[] hitsAtScrape; // guarded by this

    /** @param tokensPerBackend what each target's engine caches, in tokens (16 tokens a block, as engines count) */
    PrefixAffinity(int backends, long tokensPerBackend) {
        int blocks = (int) Math.max(64, Math.min(PrefixIndex.MAX_CAPACITY_BLOCKS, tokensPerBackend / 16));
        this.index = new PrefixIndex(backends, blocks);
        this.predicted = new AtomicLongArray(backends);
        this.trustBits = new AtomicLongArray(backends);
        this.predictedAtScrape = new long[backends];
        this.hitsAtScrape = new double[backends];
        for (int i = 0; i < backends; i++) {
            trustBits.set(i, Double.doubleToRawLongBits(1.0));
            hitsAtScrape[i] = Double.NaN;
        }
    }

    /**
     * Prompt tokens probably cached on each target.
     *
     * @param session the session's {@link SessionTable#key key}, 0 for none
     */
    long[] cachedTokens(PromptPrefix prefix, long promptTokens, long session) {
        int n = index.backends();
        int[] blocks = new int[n];
        index.matchAll(prefix.chain(), blocks);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.round(prefix.tokensIn(blocks[i], promptTokens) * trust(i));
        }
        SessionTable.Place last = session == 0 ? null : sessions.find(session); // no lock without a session
        if (last != null && last.backend() < n && index.holds(last.backend(), last.lastBlock())) {
            int b = last.backend();
            out[b] = Math.max(out[b], Math.round(Math.min(last.tokens(), promptTokens) * trust(b)));
        }
        return out;
    }

    /**
     * The prompt went to target i, with this many of its tokens predicted cached there.
     *
     * @param session the session's {@link SessionTable#key key}, 0 for none
     */
    void sent(int i, PromptPrefix prefix, long predictedCached, long session, long promptTokens) {
        long[] chain = prefix.chain();
        index.record(i, chain);
        predicted.addAndGet(i, Math.max(0, predictedCached));
        int recorded = Math.min(chain.length, index.capacity());
        if (session != 0 && recorded > 0) {
            sessions.record(session, i, chain[recorded - 1], prefix.tokensIn(recorded, promptTokens));
        }
    }

    double trust(int i) {
        return Double.longBitsToDouble(trustBits.get(i));
    }

    /** A good scrape of target i's engine. */
    synchronized void scraped(int i, EngineSample sample) {
        double hits = sample.prefixCacheHits();
        if (Double.isNaN(hits)) {
            return; // this engine does not count its cache hits: nothing to learn
        }
        long predictedNow = predicted.get(i);
        double hitsBefore = hitsAtScrape[i];
        if (!Double.isNaN(hitsBefore) && hits < hitsBefore) {
            index.forget(i); // the engine restarted: its cache is empty
        } else if (!Double.isNaN(hitsBefore)) {
            long window = predictedNow - predictedAtScrape[i];
            if (window < MIN_PREDICTED) {
                return; // keep accumulating until the window says something
            }
            double ratio = Math.min(1, (hits - hitsBefore) / window);
            trustBits.set(i, Double.doubleToRawLongBits((1 - ALPHA) * trust(i) + ALPHA * ratio));
        }
        hitsAtScrape[i] = hits;
        predictedAtScrape[i] = predictedNow;
    }

    PrefixIndex index() {
        return index;
    }
}
