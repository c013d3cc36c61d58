package dev.tokenlb.ledger;

import java.util.BitSet;

/**
 * Keeps new work off a target that already holds its bound of tokens in flight: {@code maxTokens} per unit of its
 * configured weight (a backend of weight 2 holds twice as much). A target under its bound takes a request whatever the
 * request's size, so a prompt larger than the bound still goes to an idle backend; a full one takes nothing until work
 * drains from it. When every healthy target is full, the pick finds none and the caller can refuse the request at
 * once instead of queueing it behind work that grows without bound.
 * <p>
 * An {@link Admission} in front of another (health): a target must pass both. Thread-safe; reads the ledger's atomic
 * counters, under the ledger's pick lock when the ledger asks.
 */
public final class QueueBound implements Admission {

    private final TokenLedger ledger;
    private final long maxTokens;
    private final Admission inner;

    /**
     * @param maxTokens tokens in flight per unit of weight at which a target takes no more; > 0
     * @param inner     the admission it narrows (for example backend health); {@link Admission#ALL} for none
     */
    public QueueBound(TokenLedger ledger, long maxTokens, Admission inner) {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be > 0, was " + maxTokens);
        }
        this.ledger = ledger;
        this.maxTokens = maxTokens;
        this.inner = inner == null ? Admission.ALL : inner;
    }

    public long maxTokens() {
        return maxTokens;
    }

    /** True while the target holds fewer tokens than its bound (this ledger's and other replicas', as last seen). */
    public boolean hasRoom(int index) {
        return ledger.inflightTokens(index) + ledger.peers().tokens(index) < bound(index);
    }

    /** The target's bound: {@code maxTokens} times its configured weight, at least 1. */
    public long bound(int index) {
        return Math.max(1, (long) Math.ceil(maxTokens * ledger.target(index).weight()));
    }

    @Override
    public boolean admits(int index) {
        return hasRoom(index) && inner.admits(index);
    }

    @Override
    public void admitted(int index) {
        inner.admitted(index);
    }

    /**
     * After a pick found nothing: true if that was because targets the inner admission lets through (and not yet
     * {@code tried}) are all full, rather than because none is admitted at all.
     */
    public boolean fullOnly(BitSet tried) {
        boolean anyAdmitted = false;
        for (int i = 0; i < ledger.size(); i++) {
            if ((tried == null || !tried.get(i)) && inner.admits(i)) {
                if (hasRoom(i)) {
                    return false; // it had room: something else kept it out
                }
                anyAdmitted = true;
            }
        }
        return anyAdmitted;
    }
}
