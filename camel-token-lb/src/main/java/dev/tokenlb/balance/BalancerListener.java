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
}
