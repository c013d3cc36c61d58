package dev.tokenlb.pick;

import dev.tokenlb.ledger.LoadView;

/**
 * How to choose a target, given what {@link LoadView} says of their load. Kept apart from the load metric: the ledger
 * counts, a policy only chooses.
 * <p>
 * {@link #pick} is called under the ledger's lock, one call at a time per ledger, so an implementation may keep
 * unsynchronized state (a rotating cursor, say) as long as one instance serves one ledger.
 */
public interface PickPolicy {

    /**
     * @param  view the targets and their load; never pick an excluded one
     * @param  cost tokens the request will reserve
     * @return      the chosen index, or -1 if every target is excluded
     */
    int pick(LoadView view, long cost);

    /**
     * As {@link #pick(LoadView, long)}, knowing how much of the cost is prompt (prefill) work; policies that do not
     * care ignore it.
     */
    default int pick(LoadView view, long cost, long prompt) {
        return pick(view, cost);
    }

    /**
     * As {@link #pick(LoadView, long, long)}, knowing per target how much of the prompt is probably cached there;
     * policies that do not care ignore it.
     */
    default int pick(LoadView view, PickRequest request) {
        return pick(view, request.cost(), request.prompt());
    }

    /**
     * The score this policy ranks target {@code index} by for this request (lower is better), or NaN when it does not
     * choose by a score (round robin, random, power of two). A shared ledger uses it to redo the choice atomically
     * against the load of other replicas; a policy without a score keeps its own choice there.
     */
    default double score(LoadView view, int index, PickRequest request) {
        return Double.NaN;
    }

    /** The name this policy is configured by ({@code tokens}, {@code round-robin}, ...). */
    String name();
}
