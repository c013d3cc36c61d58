package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;

import static dev.tokenlb.sim.PrefixCacheTest.chain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prefix caching inside the engine, on a hand-driven clock: 10 ms per step, prefill at 1 token per ms, 16-token
 * blocks. A prompt of 1,000 tokens has 62 full blocks.
 */
class PrefixCachingEngineTest {

    private final ManualClock clock = new ManualClock();
    private final SimulatorStats stats = new SimulatorStats();

    private static SimulatorConfig.Builder simpleCosts() {
        return SimulatorConfig.builder()
                .decodeStepBaseMillis(10)
                .decodeStepPerSequenceMillis(0)
                .decodeStepPerThousandKvTokensMillis(0)
                .prefillTokensPerSecond(1000);
    }

    private RecordingSequence submit(BatchingEngine engine, int prompt, int output, long[] blocks) {
        RecordingSequence s = new RecordingSequence(clock, prompt, output, blocks);
        engine.submit(s.sequence);
        return s;
    }

    @Test
    void aCachedPrefixCostsNoPrefillTheSecondTime() {
        BatchingEngine engine = new BatchingEngine(simpleCosts().build(), clock, stats);
        RecordingSequence first = submit(engine, 1000, 1, chain(1, 62));
        clock.runUntilIdle();
        double start = clock.nowMillis();

        RecordingSequence second = submit(engine, 1000, 1, chain(1, 62));
        clock.runUntilIdle();

        assertEquals(1010.0, first.firstTokenAt(), "10 ms step + 1000 ms prefill");
        assertEquals(start + 10 + 8, second.firstTokenAt(), 1e-6, "62 blocks = 992 tokens cached: 8 to prefill");
        assertEquals(992, second.sequence.cachedTokens);
        assertEquals(2000, engine.metrics().prefixCacheQueries);
        assertEquals(992, engine.metrics().prefixCacheHits);
    }

    @Test
    void theLastPromptTokenIsAlwaysComputed() {
        BatchingEngine engine = new BatchingEngine(simpleCosts().build(), clock, stats);
        submit(engine, 64, 1, chain(1, 4)); // exactly 4 full blocks
        clock.runUntilIdle();

        RecordingSequence again = submit(engine, 64, 1, chain(1, 4));
        clock.runUntilIdle();

        assertEquals(48, again.sequence.cachedTokens, "the block of the last token is recomputed");
        assertEquals(16, again.sequence.prefillTokens());
    }

    @Test
    void aDifferentPrefixGetsNoHit() {
        BatchingEngine engine = new BatchingEngine(simpleCosts().build(), clock, stats);
        submit(engine, 1000, 1, chain(1, 62));
        clock.runUntilIdle();

        RecordingSequence other = submit(engine, 1000, 1, chain(2, 62));
        clock.runUntilIdle();

        assertEquals(0, other.sequence.cachedTokens);
    }

    @Test
    void aRequestArrivingWhileTheFirstIsStillWaitingIsNotServedFromTheCache() {
        BatchingEngine engine = new BatchingEngine(simpleCosts().build(), clock, stats);
        RecordingSequence a = submit(engine, 1000, 1, chain(1, 62));
        RecordingSequence b = submit(engine, 1000, 1, chain(1, 62)); // the same burst: admitted together

        clock.runUntilIdle();

        assertEquals(0, a.sequence.cachedTokens);
        assertEquals(0, b.sequence.cachedTokens, "nothing is cached before a prefill step ends");
    }

    @Test
    void evictsLeastRecentlyUsedPrefixesBeyondTheCapacity() {
        BatchingEngine engine = new BatchingEngine(simpleCosts().prefixCacheBlocks(100).build(), clock, stats);
        submit(engine, 1000, 1, chain(1, 62));
        clock.runUntilIdle();
        submit(engine, 1000, 1, chain(2, 62)); // 124 blocks > 100: 24 of the first chain go, its tail first
        clock.runUntilIdle();

        RecordingSequence firstAgain = submit(engine, 1000, 1, chain(1, 62));
        clock.runUntilIdle();

        assertEquals(38 * 16, firstAgain.sequence.cachedTokens, "62 - 24 blocks of the first prompt are left");
        assertTrue(engine.prefixCache().size() <= 100);
    }

    @Test
    void blocksOfARunningSequenceAreNotEvicted() {
        BatchingEngine engine = new BatchingEngine(simpleCosts().prefixCacheBlocks(70).build(), clock, stats);
        RecordingSequence longRunning = submit(engine, 1000, 1000, chain(1, 62));
        clock.advanceTo(2000); // prefilled; 62 blocks pinned while it decodes
        submit(engine, 1000, 1, chain(2, 62)); // only 8 blocks of room
        clock.advanceTo(4000);

        assertEquals(62, engine.prefixCache().lookup(chain(1, 62)));
        assertEquals(8, engine.prefixCache().lookup(chain(2, 62)));
        assertEquals(62, engine.prefixCache().pinned());
        assertTrue(longRunning.tokenTimes.size() > 10);
    }

    @Test
    void withPrefixCachingOffEveryPromptIsPrefilledInFull() {
        BatchingEngine engine = new BatchingEngine(simpleCosts().prefixCacheBlocks(0).build(), clock, stats);
        submit(engine, 1000, 1, chain(1, 62));
        clock.runUntilIdle();
        double start = clock.nowMillis();

        RecordingSequence again = submit(engine, 1000, 1, chain(1, 62));
        clock.runUntilIdle();

        assertEquals(start + 1010, again.firstTokenAt(), 1e-6);
        assertEquals(0, engine.metrics().prefixCacheHits);
    }

    @Test
    void cancellingAPrefillingSequenceReleasesTheBlocksItHit() {
        BatchingEngine engine = new BatchingEngine(simpleCosts().build(), clock, stats);
        submit(engine, 1000, 1, chain(1, 62));
        clock.runUntilIdle();
        RecordingSequence again = submit(engine, 1000, 100, chain(1, 62));
        clock.runNext(); // admitted: 62 hit blocks pinned

        assertEquals(62, engine.prefixCache().pinned());
        engine.cancel(again.sequence);

        assertEquals(0, engine.prefixCache().pinned());
        assertEquals(62, engine.prefixCache().size());
    }
}
