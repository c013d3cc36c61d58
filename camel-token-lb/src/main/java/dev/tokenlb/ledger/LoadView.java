package dev.tokenlb.ledger;

/**
 * What a pick policy may read of the targets' current load. Valid only during the
 * {@link dev.tokenlb.pick.PickPolicy#pick} call it is passed to, where it is consistent: no other reservation runs
 * at the same time (releases may still lower the counters).
 */
public interface LoadView {

    int size();

    Target target(int index);

    /** Tokens held on the target: reserved, not yet released, less the work leases reported done. */
    long inflightTokens(int index);

    /** The target's weight for this pick: configured weight times learned relative speed (1 when not learned). */
    double weight(int index);

    /** Prompt tokens reserved on the target whose reply has not started yet (prefill still to do). */
    long pendingPrefillTokens(int index);

    /** Leases held and not yet released on the target. */
    int inflightRequests(int index);

    /** True if the target may not be picked for this request (already tried, for example). */
    boolean excluded(int index);
}
