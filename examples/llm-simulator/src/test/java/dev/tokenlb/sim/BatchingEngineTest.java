package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduling and latency model on a hand-driven clock, so times are exact. The cost model here: 10 ms per step,
 * nothing per sequence or KV token, prefill at 1 token per ms.
 */
class BatchingEngineTest {

    private final ManualClock clock = new ManualClock();
    private final SimulatorStats stats = new SimulatorStats();

    private static SimulatorConfig.Builder simpleCosts() {
        return SimulatorConfig.builder()
                .decodeStepBaseMillis(10)
                .decodeStepPerSequenceMillis(0)
                .decodeStepPerThousandKvTokensMillis(0)
                .prefillTokensPerSecond(1000);
    }

    private BatchingEngine engine(SimulatorConfig config) {
        return new BatchingEngine(config, clock, stats);
    }

    private RecordingSequence submit(BatchingEngine engine, int prompt, int output) {
        RecordingSequence s = new RecordingSequence(clock, prompt, output);
        engine.submit(s.sequence);
        return s;
    }

    @Test
    void aBurstArrivingInOneTickIsAdmittedAsOneBatch() {
        BatchingEngine engine = engine(simpleCosts().build());
        RecordingSequence a = submit(engine, 0, 2);
        RecordingSequence b = submit(engine, 0, 2);
        RecordingSequence c = submit(engine, 0, 2);

        clock.runNext(); // the gathering tick

        assertEquals(3, engine.runningCount());
        clock.runUntilIdle();
        assertEquals(List.of(10.0, 20.0), a.tokenTimes);
        assertEquals(a.tokenTimes, b.tokenTimes);
        assertEquals(a.tokenTimes, c.tokenTimes);
    }

    @Test
    void admitsAtMostMaxRunningSequencesAndQueuesTheRestInOrder() {
        BatchingEngine engine = engine(simpleCosts().maxRunningSequences(2).build());
        RecordingSequence a = submit(engine, 0, 3);
        RecordingSequence b = submit(engine, 0, 3);
        RecordingSequence c = submit(engine, 0, 3);

        clock.runNext();
        assertEquals(2, engine.runningCount());
        assertEquals(1, engine.waitingCount());
        assertEquals(2, stats.running());
        assertEquals(1, stats.queued());

        clock.runUntilIdle();
        assertEquals(30.0, a.completedAt);
        assertEquals(30.0, b.completedAt);
        assertEquals(List.of(40.0, 50.0, 60.0), c.tokenTimes, "c starts when a slot frees");
    }

    @Test
    void prefillOfANewRequestDelaysTheNextTokenOfRunningSequences() {
        BatchingEngine engine = engine(simpleCosts().build());
        RecordingSequence a = submit(engine, 10, 5);
        clock.advanceTo(25); // a's first token at 10 + 10 (prefill) = 20, its second at 30

        RecordingSequence b = submit(engine, 100, 1); // joins the step that starts at 30
        clock.runUntilIdle();

        assertEquals(List.of(20.0, 30.0, 140.0, 150.0, 160.0), a.tokenTimes, "step 3 = 10 ms + 100 ms prefill");
        assertEquals(140.0, b.firstTokenAt());
    }

    @Test
    void aRequestWhoseKvDoesNotFitWaitsAndNothingBehindItOvertakesIt() {
        BatchingEngine engine = engine(simpleCosts().maxKvTokens(100).build());
        RecordingSequence a = submit(engine, 50, 10); // reserves 60
        RecordingSequence b = submit(engine, 50, 10); // 60 more would not fit
        RecordingSequence c = submit(engine, 5, 5); // would fit, but the queue is FIFO

        clock.runNext();
        assertEquals(1, engine.runningCount());
        assertEquals(60, engine.kvReserved());

        clock.runUntilIdle();
        assertTrue(b.firstTokenAt() > a.completedAt, "b waits for a's KV");
        assertTrue(c.firstTokenAt() >= b.firstTokenAt(), "c does not overtake b");
    }

    @Test
    void aRequestLargerThanTheWholeKvBudgetRunsAlone() {
        BatchingEngine engine = engine(simpleCosts().maxKvTokens(100).build());
        RecordingSequence big = submit(engine, 200, 5);
        RecordingSequence small = submit(engine, 1, 1);

        clock.runNext();
        assertEquals(1, engine.runningCount());
        assertEquals(100, engine.kvReserved(), "the reservation is capped at the budget");

        clock.runUntilIdle();
        assertEquals(5, big.tokenTimes.size());
        assertTrue(small.firstTokenAt() > big.completedAt);
    }

    @Test
    void cancellingARunningSequenceFreesItsSlotForTheNextInQueue() {
        BatchingEngine engine = engine(simpleCosts().maxRunningSequences(1).build());
        RecordingSequence a = submit(engine, 0, 100);
        RecordingSequence b = submit(engine, 0, 2);
        clock.advanceTo(35); // a has tokens at 10, 20, 30

        engine.cancel(a.sequence);
        assertEquals(0, engine.runningCount());
        clock.runUntilIdle();

        assertEquals(3, a.tokenTimes.size(), "no token after the cancel");
        assertEquals(-1, a.completedAt);
        assertEquals(List.of(50.0, 60.0), b.tokenTimes, "b joins at the end of the step in flight (40)");
        assertEquals(0, engine.kvReserved());
        assertEquals(0, engine.kvInUse());
    }

    @Test
    void cancellingAWaitingSequenceRemovesItFromTheQueue() {
        BatchingEngine engine = engine(simpleCosts().maxRunningSequences(1).build());
        RecordingSequence a = submit(engine, 0, 3);
        RecordingSequence b = submit(engine, 0, 3);
        clock.runNext();

        engine.cancel(b.sequence);
        engine.cancel(b.sequence); // idempotent
        assertEquals(0, engine.waitingCount());
        clock.runUntilIdle();

        assertEquals(30.0, a.completedAt);
        assertTrue(b.tokenTimes.isEmpty());
    }

    @Test
    void anEmbeddingCompletesAfterItsPrefillWithoutGeneratingTokens() {
        BatchingEngine engine = engine(simpleCosts().build());
        RecordingSequence embedding = submit(engine, 100, 0);

        clock.runUntilIdle();

        assertTrue(embedding.tokenTimes.isEmpty());
        assertEquals(110.0, embedding.completedAt);
    }

    @Test
    void speedTwoHalvesEveryStepAndTimeScaleMultipliesIt() {
        BatchingEngine fast = engine(simpleCosts().speed(2).build());
        RecordingSequence a = submit(fast, 20, 3);
        clock.runUntilIdle();
        assertEquals(List.of(15.0, 20.0, 25.0), a.tokenTimes, "(10 + 20) / 2, then 10 / 2 per step");

        ManualClock otherClock = new ManualClock();
        BatchingEngine scaled = new BatchingEngine(simpleCosts().timeScale(0.1).build(), otherClock, stats);
        RecordingSequence b = new RecordingSequence(otherClock, 20, 3);
        scaled.submit(b.sequence);
        otherClock.runUntilIdle();
        assertEquals(List.of(3.0, 4.0, 5.0), b.tokenTimes);
    }

    @Test
    void aHalfSpeedBackendTakesTwiceAsLongToPrefillAndToDecode() {
        BatchingEngine slow = engine(simpleCosts().speed(0.5).build());
        RecordingSequence a = submit(slow, 1000, 2);
        clock.runUntilIdle();
        assertEquals(List.of(2020.0, 2040.0), a.tokenTimes, "(10 + 1000) x 2, then 10 x 2");
    }

    @Test
    void aListenerThatCancelsItsOwnSequenceHearsNothingMore() {
        BatchingEngine engine = engine(simpleCosts().build());
        List<Integer> tokens = new ArrayList<>();
        Sequence[] self = new Sequence[1];
        boolean[] completed = {false};
        self[0] = new Sequence(0, 10, new SequenceListener() {
            @Override
            public void onToken(int tokensSoFar) {
                tokens.add(tokensSoFar);
                if (tokensSoFar == 2) {
                    engine.cancel(self[0]);
                }
            }

            @Override
            public void onComplete() {
                completed[0] = true;
            }
        });
        engine.submit(self[0]);

        clock.runUntilIdle();

        assertEquals(List.of(1, 2), tokens);
        assertTrue(!completed[0]);
        assertEquals(0, engine.kvInUse());
    }

    @Test
    void underRandomLoadTheLimitsHoldAndTheAccountsReturnToZero() {
        SimulatorConfig config = SimulatorConfig.builder().maxRunningSequences(8).maxKvTokens(5_000).build();
        BatchingEngine engine = engine(config);
        Random random = new Random(42);
        List<RecordingSequence> all = new ArrayList<>();
        int expectedTokens = 0;
        for (int round = 0; round < 200; round++) {
            if (random.nextInt(3) == 0) {
                RecordingSequence s = submit(engine, random.nextInt(2_000), 1 + random.nextInt(300));
                all.add(s);
            }
            if (random.nextInt(10) == 0 && !all.isEmpty()) {
                engine.cancel(all.get(random.nextInt(all.size())).sequence);
            }
            clock.runNext();
            assertTrue(engine.runningCount() <= 8, "running " + engine.runningCount());
            assertTrue(engine.kvReserved() <= 5_000, "reserved " + engine.kvReserved());
            assertTrue(engine.kvInUse() <= engine.kvReserved());
        }
        clock.runUntilIdle();

        for (RecordingSequence s : all) {
            expectedTokens += s.tokenTimes.size();
            if (s.sequence.state == Sequence.State.DONE) {
                assertEquals(s.sequence.outputTokens, s.tokenTimes.size());
            }
        }
        assertEquals(0, engine.kvReserved());
        assertEquals(0, engine.kvInUse());
        assertEquals(0, stats.running());
        assertEquals(0, stats.queued());
        assertEquals(expectedTokens, stats.generatedTokens());
    }
}
