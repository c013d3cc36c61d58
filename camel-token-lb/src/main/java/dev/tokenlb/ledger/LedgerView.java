package dev.tokenlb.ledger;

import java.util.BitSet;

/**
 * The {@link LoadView} a pick sees: the ledger's own counters plus other replicas' load ({@link PeerLoad}), less the
 * excluded and not admitted targets. Valid under the ledger's pick lock only.
 */
final class LedgerView implements LoadView {

    private final TokenLedger ledger;
    private final PeerLoad peers;
    private final BitSet excluded;
    private final Admission admission;

    LedgerView(TokenLedger ledger, PeerLoad peers, BitSet excluded, Admission admission) {
        this.ledger = ledger;
        this.peers = peers;
        this.excluded = excluded;
        this.admission = admission;
    }

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
        return ledger.inflightTokens(index) + peers.tokens(index);
    }

    @Override
    public double weight(int index) {
        return ledger.effectiveWeight(index);
    }

    @Override
    public int inflightRequests(int index) {
        return ledger.inflightRequests(index) + peers.requests(index);
    }

    /** This ledger's own only: other replicas' prefill queues are not shared. */
    @Override
    public long pendingPrefillTokens(int index) {
        return ledger.pendingPrefillNow(index);
    }

    @Override
    public boolean excluded(int index) {
        return (excluded != null && excluded.get(index)) || !admission.admits(index);
    }
}
