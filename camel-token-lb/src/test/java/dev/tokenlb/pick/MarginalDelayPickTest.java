package dev.tokenlb.pick;

import java.util.ArrayList;
import java.util.List;

import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MarginalDelayPickTest {

    private static TokenLedger ledger(int n) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            targets.add(new Target("t" + i, null, 1));
        }
        return new TokenLedger(targets);
    }

    @Test
    void aLongPromptGoesWhereFewestRequestsRunNotWhereFewestTokensAre() {
        TokenLedger ledger = ledger(2);
        PickPolicy delay = PickPolicies.marginalDelay();
        // target 0: one big request already decoding (many tokens, one sequence)
        ledger.reserve(delay, 20_000, 18_000, null).prefillDone();
        // target 1: six small requests decoding (few tokens, many sequences)
        for (int i = 0; i < 6; i++) {
            ledger.reserveOn(1, 500);
        }
        // a 30,000-token document stalls every running sequence while it prefills: it goes to target 0
        assertEquals(0, ledger.reserve(delay, 30_200, 30_000, null).index());
        // whereas least tokens would have sent it to target 1
        assertEquals(1, PickPolicies.leastTokens().pick(viewOf(ledger), 30_200));
    }

    @Test
    void aShortRequestAvoidsATargetWithPrefillQueued() {
        TokenLedger ledger = ledger(2);
        PickPolicy delay = PickPolicies.marginalDelay();
        Lease waiting = ledger.reserve(delay, 24_000, 24_000, null); // queued, not yet prefilled
        int other = 1 - waiting.index();
        ledger.reserveOn(other, 300);
        ledger.reserveOn(other, 300);
        assertEquals(other, ledger.reserve(delay, 400, 300, null).index());
    }

    @Test
    void pendingPrefillIsGivenBackOnceWhenTheReplyStartsOrOnRelease() {
        TokenLedger ledger = ledger(1);
        Lease a = ledger.reserve(PickPolicies.marginalDelay(), 1000, 800, null);
        Lease b = ledger.reserve(PickPolicies.marginalDelay(), 500, 400, null);
        assertEquals(1200, ledger.pendingPrefillTokens(0));
        a.prefillDone();
        a.prefillDone();
        assertEquals(400, ledger.pendingPrefillTokens(0));
        a.release();
        b.release(); // released before its reply started
        assertEquals(0, ledger.pendingPrefillTokens(0));
        assertEquals(0, ledger.totalInflightTokens());
    }

    /** The ledger's view at rest, for calling a policy directly. */
    private static dev.tokenlb.ledger.LoadView viewOf(TokenLedger ledger) {
        return new dev.tokenlb.ledger.LoadView() {
            @Override
            public int size() {
                return ledger.size();
            }

            @Override
            public Target target(int index) {
                return ledger.target(index);
            }

            @Override
            public long inflightTokens(int index) {
                return ledger.inflightTokens(index);
            }

            @Override
            public double weight(int index) {
                return ledger.effectiveWeight(index);
            }

            @Override
            public long pendingPrefillTokens(int index) {
                return ledger.pendingPrefillTokens(index);
            }

            @Override
            public int inflightRequests(int index) {
                return ledger.inflightRequests(index);
            }

            @Override
            public boolean excluded(int index) {
                return false;
            }
        };
    }
}
