package dev.tokenlb.ledger;

/**
 * Picks and reserves a request across every replica of a balancer at once (for example in one Redis script), given
 * the local pick's {@link PickPlan}. Called by {@link TokenLedger#reserve} outside its lock; may block for at most the
 * shared ledger's command timeout.
 */
@FunctionalInterface
public interface SharedPick {

    /** The shared ledger is not available: the local choice stands, not mirrored yet. */
    int UNAVAILABLE = -1;

    /** Every candidate holds its bound of tokens across the replicas. */
    int FULL = -2;

    /**
     * @return the target reserved cluster-wide (one of {@link PickPlan#candidates()}), {@link #UNAVAILABLE} or
     *         {@link #FULL}
     */
    int reserve(PickPlan plan);
}
