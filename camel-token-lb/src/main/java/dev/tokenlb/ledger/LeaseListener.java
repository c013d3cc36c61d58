package dev.tokenlb.ledger;

/**
 * Hears every lease of a ledger once taken, when what it holds changes, and once released: how a shared ledger
 * mirrors the local one. Called on the request's thread (release: under the lease's monitor), so implementations
 * must not block: queue the I/O.
 */
public interface LeaseListener {

    LeaseListener NONE = new LeaseListener() {
    };

    /** The lease was taken (after any shared pick settled where). */
    default void reserved(Lease lease) {
    }

    /** The lease's held tokens changed ({@link Lease#adjustRemaining}); read {@link Lease#held()} for the value. */
    default void adjusted(Lease lease) {
    }

    /** The lease was released; called exactly once per lease. */
    default void released(Lease lease) {
    }
}
