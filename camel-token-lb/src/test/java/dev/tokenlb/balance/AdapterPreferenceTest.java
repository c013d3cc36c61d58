package dev.tokenlb.balance;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import dev.tokenlb.engine.EngineKind;
import dev.tokenlb.engine.EngineSample;
import dev.tokenlb.engine.ScrapeReport;
import dev.tokenlb.engine.ScrapeState;
import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.pick.PickPolicies;
import dev.tokenlb.pick.PickPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AdapterPreferenceTest {

    private static final double NAN = Double.NaN;

    private static ScrapeReport scraped(int backend, String... active) {
        EngineSample s = new EngineSample(EngineKind.VLLM, 0, 0, 0, 0.1, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
                NAN, NAN, NAN, NAN, Set.of(active), 2);
        return new ScrapeReport(backend, ScrapeState.OK, s, null, 0, 0, 0, false);
    }

    private static TokenLedger ledger() {
        return new TokenLedger(List.of(new Target("a", null, 1), new Target("b", null, 1), new Target("c", null, 1)));
    }

    private static ActiveAdapters activeOnB() {
        ActiveAdapters adapters = new ActiveAdapters(3);
        adapters.scraped(scraped(1, "sql-lora", "chat-lora"));
        return adapters;
    }

    @Test
    void everyStrategyGoesWhereTheAdapterIsActiveWhenLoadIsEqual() {
        for (PickPolicy strategy : List.of(PickPolicies.leastTokens(), PickPolicies.roundRobin(),
                PickPolicies.leastRequests(), PickPolicies.powerOfTwo(new SplittableRandom(7)),
                PickPolicies.random(new SplittableRandom(7)))) {
            for (int n = 0; n < 5; n++) {
                TokenLedger ledger = ledger();
                Lease lease = ledger.reserve(new AdapterPreference(strategy, activeOnB(), "sql-lora"), 100, null);
                assertEquals(1, lease.index(), strategy.name());
            }
        }
    }

    @Test
    void aNearTieGoesToTheActiveTargetAMuchMoreLoadedOneDoesNot() {
        TokenLedger ledger = ledger();
        ledger.reserveOn(1, AdapterPreference.SWAP_TOKENS);
        PickPolicy pick = new AdapterPreference(PickPolicies.leastTokens(), activeOnB(), "sql-lora");
        assertEquals(1, ledger.reserve(pick, 100, null).index(), "b is within the swap cost of a and c");
        // b now carries SWAP_TOKENS + 100 more than a and c: past the bound
        assertNotEquals(1, ledger.reserve(pick, 100, null).index(), "a or c, not b");
    }

    @Test
    void anAdapterActiveNowhereOrAnotherOneLeavesTheStrategyAlone() {
        TokenLedger ledger = ledger();
        ledger.reserveOn(0, 500);
        ledger.reserveOn(1, 450);
        ledger.reserveOn(2, 400);
        // b is within the swap cost of c, but tool-lora is active nowhere: the strategy's choice stands
        assertEquals(2, ledger.reserve(new AdapterPreference(PickPolicies.leastTokens(), activeOnB(), "tool-lora"),
                100, null).index());
    }

    @Test
    void anExcludedActiveTargetIsNeverPicked() {
        TokenLedger ledger = ledger();
        BitSet excluded = new BitSet();
        excluded.set(1);
        PickPolicy pick = new AdapterPreference(PickPolicies.leastTokens(), activeOnB(), "sql-lora");
        assertEquals(Set.of(0, 2), Set.of(ledger.reserve(pick, 10, excluded).index(),
                ledger.reserve(pick, 10, excluded).index()));
        excluded.set(0);
        excluded.set(2);
        assertNull(ledger.reserve(pick, 10, excluded));
    }

    @Test
    void aFailedScrapeForgetsTheTargetsAdapters() {
        ActiveAdapters adapters = activeOnB();
        adapters.scraped(new ScrapeReport(1, ScrapeState.FAILING, null, "HTTP 500", 0, 0, 0, false));
        assertEquals(Set.of(), adapters.on(1));
        assertFalse(adapters.activeAnywhere("sql-lora"));
    }
}
