package dev.tokenlb.balance;

import dev.tokenlb.ledger.Target;

/**
 * Hears what a token-aware balancer ({@link Balancer}) decides and what comes of it, for metrics. Called on the request's own
 * thread, outside any lock: keep it quick and never throw.
 */
public interface BalancerListener {

    BalancerListener NONE = new BalancerListener() {
    };

    /** A target was picked and the cost reserved on it; {@code pickNanos} is how long picking and reserving took. */
    default void picked(Target target, long cost, long pickNanos) {
    }

    /** An attempt at the target ended so. */
    default void attempted(Target target, AttemptOutcome outcome) {
    }

    /** After a failed attempt at {@code from}, the request goes on to another target. */
    default void failedOver(Target from, AttemptOutcome outcome) {
    }

    /** No target could be picked: every one was tried, or none is admitted (all ejected). */
    default void noTarget(boolean noneAdmitted) {
    }

    /**
     * A request for the model got its first target; {@code promptTokens} as counted. The model is the one served
     * (after alias, default and fallback), or the one requested when no model routing applies (null: none named).
     * Once per request, whatever its attempts. The model name comes from the client: bound what is kept per name.
     */
    default void modelRouted(String model, long promptTokens) {
    }

    /** A reply for the model is complete with this many output tokens. */
    default void modelReplied(String model, long outputTokens) {
    }

    /** No target serves the requested model (and no fallback does): it is refused with 404. Client input: bound it. */
    default void modelRejected(String requested) {
    }

    /** Every target of {@code from} is out (ejected, full, tried): the request goes to its fallback {@code to}. */
    default void modelFellBack(String from, String to) {
    }
}
