package dev.tokenlb.balance;

/**
 * When and into what load one attempt was sent, as the balancer saw it just after reserving: what the reply's timing
 * is compared with to calibrate the target's service times. Immutable.
 *
 * @param index       the target
 * @param sentNanos   {@link System#nanoTime()} at the reservation
 * @param tokensAhead prompt tokens waiting for prefill on the target, this request's uncached ones included
 * @param tokensHeld  tokens held on the target, this request's included (this balancer's leases and, where known,
 *                    other clients' requests at this balancer's mean)
 * @param batch       requests on the target, this one included (this balancer's and, where known, other clients')
 */
public record Dispatch(int index, long sentNanos, double tokensAhead, double tokensHeld, double batch) {
}
