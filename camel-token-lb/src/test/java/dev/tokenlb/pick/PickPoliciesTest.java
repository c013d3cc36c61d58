package dev.tokenlb.pick;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PickPoliciesTest {

    private static TokenLedger ledger(double... weights) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            targets.add(new Target("t" + i, null, weights[i]));
        }
        return new TokenLedger(targets);
    }

    @Test
    void leastTokensWeighsInflightTokensPlusCostByWeight() {
        TokenLedger ledger = ledger(2, 1);
        ledger.reserveOn(0, 1000); // (1000 + 100) / 2 = 550
        ledger.reserveOn(1, 500);  // (500 + 100) / 1 = 600
        assertEquals(0, ledger.reserve(PickPolicies.leastTokens(), 100, null).index());
    }

    @Test
    void leastTokensBreaksTiesByRotatingNotAlwaysTheFirst() {
        TokenLedger ledger = ledger(1, 1, 1);
        PickPolicy policy = PickPolicies.leastTokens();
        int[] picks = new int[3];
        for (int i = 0; i < 30; i++) {
            Lease lease = ledger.reserve(policy, 10, null);
            picks[lease.index()]++;
            lease.release(); // the cluster stays idle: every pick is a tie
        }
        assertEquals(10, picks[0]);
        assertEquals(10, picks[1]);
        assertEquals(10, picks[2]);
    }

    @Test
    void leastTokensSpreadsBigAndSmallRequestsByTokensNotByCount() {
        TokenLedger ledger = ledger(1, 1);
        PickPolicy policy = PickPolicies.leastTokens();
        int big = ledger.reserve(policy, 30_000, null).index();
        // ten small requests all go to the other target: it still has fewer tokens in flight
        for (int i = 0; i < 10; i++) {
            assertEquals(1 - big, ledger.reserve(policy, 20, null).index());
        }
    }

    @Test
    void leastRequestsCountsRequestsNotTokens() {
        TokenLedger ledger = ledger(1, 1);
        ledger.reserveOn(0, 30_000);
        ledger.reserveOn(1, 10);
        ledger.reserveOn(1, 10);
        assertEquals(0, ledger.reserve(PickPolicies.leastRequests(), 10, null).index());
    }

    @Test
    void roundRobinTakesEachTargetInTurnAndSkipsExcluded() {
        TokenLedger ledger = ledger(1, 1, 1);
        PickPolicy policy = PickPolicies.roundRobin();
        assertEquals(0, ledger.reserve(policy, 1, null).index());
        assertEquals(1, ledger.reserve(policy, 1, null).index());
        BitSet excluded = new BitSet();
        excluded.set(2);
        assertEquals(0, ledger.reserve(policy, 1, excluded).index());
        assertEquals(1, ledger.reserve(policy, 1, null).index());
        assertEquals(2, ledger.reserve(policy, 1, null).index());
    }

    @Test
    void randomPicksEveryCandidateAboutEquallyAndNeverAnExcludedOne() {
        TokenLedger ledger = ledger(1, 1, 1, 1);
        PickPolicy policy = PickPolicies.random(new SplittableRandom(7));
        BitSet excluded = new BitSet();
        excluded.set(3);
        int[] picks = new int[4];
        for (int i = 0; i < 3000; i++) {
            Lease lease = ledger.reserve(policy, 1, excluded);
            picks[lease.index()]++;
            lease.release();
        }
        assertEquals(0, picks[3]);
        for (int i = 0; i < 3; i++) {
            assertTrue(picks[i] > 850 && picks[i] < 1150, "target " + i + " picked " + picks[i] + " times");
        }
    }

    @Test
    void forNameKnowsTheConfiguredNamesAndListsThemOnError() {
        for (String name : PickPolicies.NAMES) {
            assertEquals(name, PickPolicies.forName(name).name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PickPolicies.forName("fastest"));
        assertTrue(e.getMessage().contains("tokens, tokens-p2c, delay, round-robin, random, least-requests"), e.getMessage());
    }
}
