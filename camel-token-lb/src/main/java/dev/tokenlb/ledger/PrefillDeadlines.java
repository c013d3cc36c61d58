package dev.tokenlb.ledger;

import java.util.PriorityQueue;

/**
 * Leases whose end of prefill cannot be seen and is therefore assumed at a deadline: a plain (not streamed) reply's
 * first byte comes only with its last, long after the backend finished reading its prompt, so without a deadline its
 * prompt would count as prefill waiting on the target for the whole decode. Due leases are marked
 * {@link Lease#prefillDone()} when the ledger is next read for a decision ({@link TokenLedger#expirePrefills}).
 * <p>
 * Thread-safe (one lock, held for a queue operation). A released lease may stay queued until its deadline: marking it
 * then does nothing, since {@link Lease#prefillDone()} is idempotent and ignored after release.
 */
final class PrefillDeadlines {

    private record Due(long deadlineNanos, Lease lease) {
    }

    private final PriorityQueue<Due> queue = new PriorityQueue<>(
            (a, b) -> Long.compare(a.deadlineNanos - b.deadlineNanos, 0));

    synchronized void add(Lease lease, long deadlineNanos) {
        queue.add(new Due(deadlineNanos, lease));
    }

    /** Marks every lease due at {@code nowNanos} as done with its prefill. */
    void expire(long nowNanos) {
        while (true) {
            Lease due;
            synchronized (this) {
                Due head = queue.peek();
                if (head == null || head.deadlineNanos - nowNanos > 0) {
                    return;
                }
                due = queue.poll().lease;
            }
            due.prefillDone(); // outside the lock: the lease takes its own
        }
    }

    synchronized int size() {
        return queue.size();
    }
}
