package dev.tokenlb.pick;

import java.util.ArrayList;
import java.util.List;

import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyPickTest {

    /** A service model with the same calibration everywhere unless told otherwise, and settable foreign load. */
    private static final class Model implements ServiceModel {
        final double[] prefill;
        final double[] stepBase;
        final double[] foreign;
        final double[] slots;

        Model(int n) {
            prefill = new double[n];
            stepBase = new double[n];
            foreign = new double[n];
            slots = new double[n];
            java.util.Arrays.fill(slots, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(prefill, 1e-4);
            java.util.Arrays.fill(stepBase, 0.02);
        }

        @Override
        public double firstByteSeconds(int index, double prefillTokensAhead, double tokensHeld) {
            return 0.05 + prefill[index] * prefillTokensAhead;
        }

        @Override
        public double prefillSecondsPerToken(int index) {
            return prefill[index];
        }

        @Override
        public double stepSeconds(int index, double batch) {
            return stepBase[index] + 0.0005 * batch;
        }

        @Override
        public double stepSecondsPerSequence(int index) {
            return 0.0005;
        }

        @Override
        public double foreignRequests(int index) {
            return foreign[index];
        }

        @Override
        public double slots(int index) {
            return slots[index];
        }

        @Override
        public double meanOutputTokens() {
            return 400;
        }
    }

    private static TokenLedger ledger(int n) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            targets.add(new Target("t" + i, null, 1));
        }
        return new TokenLedger(targets);
    }

    @Test
    void aRequestGoesWhereItsPrefixIsCachedWhenLoadsAreEqual() {
        TokenLedger ledger = ledger(3);
        PickPolicy latency = PickPolicies.latency(new Model(3));
        for (int round = 0; round < 3; round++) {
            long[] cached = {0, 0, 0};
            cached[round] = 3_000;
            Lease lease = ledger.reserve(latency, new PickRequest(3_300, 3_100, cached), null);
            assertEquals(round, lease.index(), "round " + round);
            lease.release();
        }
    }

    @Test
    void onlyTheUncachedPromptCountsAsPendingPrefillOnThePickedTarget() {
        TokenLedger ledger = ledger(2);
        PickPolicy latency = PickPolicies.latency(new Model(2));
        Lease lease = ledger.reserve(latency, new PickRequest(3_300, 3_100, new long[] {3_000, 0}), null);
        assertEquals(0, lease.index());
        assertEquals(100, ledger.pendingPrefillTokens(0));
        assertEquals(1, ledger.pendingRequests(0));
        lease.prefillDone();
        assertEquals(0, ledger.pendingPrefillTokens(0));
        assertEquals(0, ledger.pendingRequests(0));
        lease.release();
        assertEquals(0, ledger.totalInflightTokens());
    }

    @Test
    void aHotPrefixSpillsToOtherTargetsAsItsTargetFills() {
        TokenLedger ledger = ledger(4);
        PickPolicy latency = PickPolicies.latency(new Model(4));
        int[] picked = new int[4];
        // every request shares a 2,000-token prefix cached on target 0 only; none of them finishes
        for (int k = 0; k < 40; k++) {
            Lease lease = ledger.reserve(latency, new PickRequest(2_400, 2_200, new long[] {2_000, 0, 0, 0}), null);
            lease.prefillDone();
            picked[lease.index()]++;
        }
        assertTrue(picked[0] > 10, "affinity should still pay for the first requests: " + List.of(picked[0]));
        for (int i = 1; i < 4; i++) {
            assertTrue(picked[i] >= 3, "target " + i + " took none of the spill: " + java.util.Arrays.toString(picked));
        }
    }

    @Test
    void aTargetLoadedByAnotherClientIsAvoided() {
        TokenLedger ledger = ledger(2);
        Model model = new Model(2);
        model.foreign[0] = 12;
        PickPolicy latency = PickPolicies.latency(model);
        int onBusy = 0;
        for (int k = 0; k < 10; k++) {
            Lease lease = ledger.reserve(latency, new PickRequest(600, 400, null), null);
            lease.prefillDone();
            onBusy += lease.index() == 0 ? 1 : 0;
        }
        assertEquals(0, onBusy, "the 10 requests should join target 1 before target 0 carries 12 foreign ones");
    }

    @Test
    void aSlowerTargetGetsLessWork() {
        TokenLedger ledger = ledger(2);
        Model model = new Model(2);
        model.stepBase[1] = 0.08; // four times slower decode
        model.prefill[1] = 4e-4;
        PickPolicy latency = PickPolicies.latency(model);
        int[] picked = new int[2];
        for (int k = 0; k < 60; k++) {
            Lease lease = ledger.reserve(latency, new PickRequest(800, 500, null), null);
            lease.prefillDone();
            picked[lease.index()]++;
        }
        assertTrue(picked[0] > 2 * picked[1], java.util.Arrays.toString(picked));
        assertTrue(picked[1] > 0, "the slow target still takes work once the fast one is loaded");
    }

    @Test
    void aLongPromptAvoidsATargetWithPrefillQueued() {
        TokenLedger ledger = ledger(2);
        PickPolicy latency = PickPolicies.latency(new Model(2));
        Lease queued = ledger.reserve(latency, new PickRequest(20_000, 20_000, null), null); // not prefilled yet
        int other = 1 - queued.index();
        ledger.reserveOn(other, 300).prefillDone();
        assertEquals(other, ledger.reserve(latency, new PickRequest(8_200, 8_000, null), null).index());
    }

    @Test
    void aStreamedRequestWeighsItsWaitForTheFirstToken() {
        // target 0: one request with a 3,000-token prompt queued for prefill; target 1: eight running, none queued
        TokenLedger ledger = ledger(2);
        ledger.reserve(PickPolicies.leastRequests(), new PickRequest(3_000, 3_000, null), null);
        for (int k = 0; k < 8; k++) {
            ledger.reserveOn(1, 300).prefillDone();
        }
        PickPolicy latency = PickPolicies.latency(new Model(2), 3);
        PickRequest streamed = new PickRequest(320, 300, null, true);
        PickRequest plain = new PickRequest(320, 300, null, false);
        // counted once, 0.3 s of prefill ahead costs less than joining a batch of eight...
        assertEquals(0, latency.pick(ledgerView(ledger), plain));
        assertEquals(0, PickPolicies.latency(new Model(2), 0).pick(ledgerView(ledger), streamed));
        // ...but a streaming user waits for that first token: weighed four times, the request avoids the queue
        assertEquals(1, latency.pick(ledgerView(ledger), streamed));
    }

    private static dev.tokenlb.ledger.LoadView ledgerView(TokenLedger ledger) {
        dev.tokenlb.ledger.LoadView[] seen = new dev.tokenlb.ledger.LoadView[1];
        ledger.reserve(new PickPolicy() {
            @Override
            public int pick(dev.tokenlb.ledger.LoadView view, long cost) {
                seen[0] = view;
                return -1;
            }

            @Override
            public String name() {
                return "peek";
            }
        }, 0, null);
        return seen[0];
    }

    @Test
    void aRequestAvoidsAFullEngineWhoseQueueWouldHoldItBackWhereItsPrefixIsCachedThere() {
        TokenLedger ledger = ledger(2);
        Model model = new Model(2);
        PickPolicy latency = PickPolicies.latency(model);
        List<Lease> running = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 2; i++) {
                Lease lease = ledger.reserve(latency, new PickRequest(500, 100, new long[] {0, 0}), null);
                lease.prefillDone();
                running.add(lease);
            }
        }
        assertEquals(4, ledger.inflightRequests(0));
        assertEquals(4, ledger.inflightRequests(1));
        // 2,000 of its 2,100 prompt tokens are cached on target 0: with room everywhere it goes there
        PickRequest cachedOnZero = new PickRequest(2_300, 2_100, new long[] {2_000, 0});
        Lease free = ledger.reserve(latency, cachedOnZero, null);
        assertEquals(0, free.index());
        free.release();
        // target 0 runs 4 at once and is full: its first byte waits for a reply of about 400 tokens to end
        model.slots[0] = 4;
        Lease full = ledger.reserve(latency, cachedOnZero, null);
        assertEquals(1, full.index(), "a queue for a slot costs more than the 2,000 tokens of prefill saved");
        full.release();
        model.slots[1] = 4;
        Lease both = ledger.reserve(latency, cachedOnZero, null);
        assertEquals(0, both.index(), "both full alike: the cached prefix decides again");
        both.release();
        running.forEach(Lease::release);
        assertEquals(0, ledger.totalInflightTokens());
        assertEquals(0, ledger.totalInflightRequests());
    }

    @Test
    void theWaitForASlotGrowsWithThePlaceInTheQueue() {
        Model model = new Model(1);
        model.slots[0] = 4;
        double reply = 400 * model.stepSeconds(0, 4);
        assertEquals(0, ExpectedLatency.slotWait(model, 0, 3, 4, 100), "the fourth request finds a slot");
        assertEquals(reply / 4, ExpectedLatency.slotWait(model, 0, 4, 4, 100), 1e-9);
        assertEquals(3 * reply / 4, ExpectedLatency.slotWait(model, 0, 6, 4, 100), 1e-9);
        assertEquals(0, ExpectedLatency.slotWait(model, 0, 100, Double.POSITIVE_INFINITY, 100), "no known bound");
    }
}
