package dev.tokenlb.ledger;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntToDoubleFunction;

import dev.tokenlb.pick.PickPolicy;
import dev.tokenlb.pick.PickRequest;

/**
 * The in-flight token account of a fixed set of targets. Choosing a target and reserving tokens on it is one atomic
 * step ({@link #reserve}), so concurrent requests never all see the same stale minimum; giving tokens back
 * ({@link Lease#release()}) takes no lock.
 * <p>
 * Thread-safe. The lock is held only while the policy looks at the counters (a few nanoseconds per target), never
 * across I/O.
 *
 * <pre>
 * Lease lease = ledger.reserve(PickPolicies.LEAST_TOKENS, 1200, null);
 * try { call(lease.target()); } finally { lease.release(); }
 * </pre>
 */
public final class TokenLedger {

    private final Target[] targets;
    private final AtomicLong[] inflightTokens;
    private final AtomicInteger[] inflightRequests;
    private final AtomicLong[] totalRequests;
    private final AtomicLong[] totalTokens;
    private final AtomicLong[] pendingPrefill;
    private final AtomicInteger[] pendingRequests;
    private final ReentrantLock pickLock = new ReentrantLock();
    private final PrefillDeadlines prefillDeadlines = new PrefillDeadlines();
    private volatile IntToDoubleFunction speed = i -> 1.0;
    private volatile Admission admission = Admission.ALL;
    private final AtomicLong leaseIds = new AtomicLong();
    private volatile SharedPick sharedPick;
    private volatile PeerLoad peers = PeerLoad.NONE;
    private volatile LeaseListener leaseListener = LeaseListener.NONE;

    public TokenLedger(List<Target> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a ledger needs at least one target");
        }
        this.targets = targets.toArray(new Target[0]);
        int n = this.targets.length;
        inflightTokens = new AtomicLong[n];
        inflightRequests = new AtomicInteger[n];
        totalRequests = new AtomicLong[n];
        totalTokens = new AtomicLong[n];
        pendingPrefill = new AtomicLong[n];
        pendingRequests = new AtomicInteger[n];
        for (int i = 0; i < n; i++) {
            pendingPrefill[i] = new AtomicLong();
            pendingRequests[i] = new AtomicInteger();
            inflightTokens[i] = new AtomicLong();
            inflightRequests[i] = new AtomicInteger();
            totalRequests[i] = new AtomicLong();
            totalTokens[i] = new AtomicLong();
        }
    }

    public int size() {
        return targets.length;
    }

    /**
     * Sets where a target's relative speed comes from (1.0 = as configured); pick policies see
     * {@code weight × speed}. For a cost model that learns backend speed.
     */
    public void setSpeedSource(IntToDoubleFunction speed) {
        this.speed = speed;
    }

    /** Sets which targets may take new work (for example, not the ejected ones); default all. */
    public void setAdmission(Admission admission) {
        this.admission = admission == null ? Admission.ALL : admission;
    }

    /**
     * Shares this ledger with other replicas: picks see their load ({@code peers}) and are settled across replicas
     * ({@code pick}), and every lease is reported to {@code listener}. This ledger stays the truth of its own leases.
     * Set before the first reservation; nulls: not shared.
     */
    public void share(SharedPick pick, PeerLoad peers, LeaseListener listener) {
        this.peers = peers == null ? PeerLoad.NONE : peers;
        this.leaseListener = listener == null ? LeaseListener.NONE : listener;
        this.sharedPick = pick;
    }

    /** Other replicas' load as last seen ({@link PeerLoad#NONE} when not shared). */
    public PeerLoad peers() {
        return peers;
    }

    /** A target's weight as pick policies see it: its configured weight times its relative speed. */
    public double effectiveWeight(int index) {
        double s = speed.applyAsDouble(index);
        return targets[index].weight() * (s > 0 && !Double.isInfinite(s) ? s : 1.0);
    }

    public Target target(int index) {
        return targets[index];
    }

    public List<Target> targets() {
        return List.of(targets);
    }

    /**
     * Picks a target with the policy and reserves {@code tokens} on it, atomically.
     *
     * @param  policy   how to choose among the targets not excluded
     * @param  tokens   the request's cost, >= 0
     * @param  excluded indexes that may not be picked (already tried), or null
     * @return          the lease, or null if every target is excluded or not admitted (see {@link #setAdmission})
     */
    public Lease reserve(PickPolicy policy, long tokens, BitSet excluded) {
        return reserve(policy, tokens, 0, excluded);
    }

    /**
     * As {@link #reserve(PickPolicy, long, BitSet)}, for a request whose cost includes {@code prompt} tokens still to
     * be prefilled: they count as pending prefill on the target until {@link Lease#prefillDone()} or the release.
     */
    public Lease reserve(PickPolicy policy, long tokens, long prompt, BitSet excluded) {
        return reserve(policy, PickRequest.of(tokens, prompt), excluded);
    }

    /**
     * As {@link #reserve(PickPolicy, long, long, BitSet)}, for a request whose prompt may be partly cached on some
     * targets: only the picked target's uncached prompt tokens count as its pending prefill.
     */
    public Lease reserve(PickPolicy policy, PickRequest request, BitSet excluded) {
        SharedPick shared = sharedPick;
        Lease lease;
        PickPlan plan = null;
        pickLock.lock();
        try {
            expirePrefills(System.nanoTime());
            LedgerView view = new LedgerView(this, peers, excluded, admission);
            int index = policy.pick(view, request);
            if (index < 0) {
                return null;
            }
            // admission is not checked again: an outcome may eject the target meanwhile, which is no policy error
            if (index >= targets.length || (excluded != null && excluded.get(index))) {
                throw new IllegalStateException(policy + " picked " + index + ", which is not a candidate");
            }
            long id = leaseIds.incrementAndGet();
            if (shared != null) {
                plan = PickPlan.of(id, policy, view, request, index, peers, this::bound);
            }
            lease = open(id, index, request);
        } finally {
            pickLock.unlock();
        }
        return plan == null ? announce(lease) : settle(shared, plan, lease, request);
    }

    /**
     * Redoes the pick across replicas, outside the lock; meanwhile the local choice holds the reservation, so this
     * ledger's other picks see it. If the shared pick settles elsewhere, the reservation moves there.
     */
    private Lease settle(SharedPick shared, PickPlan plan, Lease tentative, PickRequest request) {
        int chosen = shared.reserve(plan);
        if (chosen == SharedPick.UNAVAILABLE || chosen == tentative.index()) {
            return announce(tentative);
        }
        pickLock.lock();
        try {
            tentative.discard();
            return chosen == SharedPick.FULL ? null : announce(open(tentative.id(), chosen, request));
        } finally {
            pickLock.unlock();
        }
    }

    private Lease open(long id, int index, PickRequest request) {
        long prefill = request.uncachedPrompt(index);
        take(index, request.cost());
        pendingPrefill[index].addAndGet(prefill);
        pendingRequests[index].incrementAndGet();
        admission.admitted(index);
        return new Lease(this, id, index, request.cost(), prefill);
    }

    private Lease announce(Lease lease) {
        leaseListener.reserved(lease);
        return lease;
    }

    /** The queue bound of a target across replicas, for a shared pick; 0: none. */
    private long bound(int index) {
        return admission instanceof QueueBound q ? q.bound(index) : 0;
    }

    /** Reserves tokens on a given target, bypassing any policy (for callers that chose themselves). */
    public Lease reserveOn(int index, long tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must be >= 0, was " + tokens);
        }
        take(index, tokens);
        pendingRequests[index].incrementAndGet(); // every lease leaves the pending count once (prefillDone or release)
        Lease lease = new Lease(this, leaseIds.incrementAndGet(), index, tokens, 0);
        SharedPick shared = sharedPick;
        if (shared != null) {
            shared.reserve(PickPlan.fixed(lease.id(), tokens, index, peers)); // the caller chose: mirror it
        }
        return announce(lease);
    }

    private void take(int index, long tokens) {
        inflightTokens[index].addAndGet(tokens);
        inflightRequests[index].incrementAndGet();
        totalRequests[index].incrementAndGet();
        totalTokens[index].addAndGet(tokens);
    }

    /**
     * The lease's prefill is assumed over at {@code deadlineNanos} ({@link System#nanoTime()} clock), unless its reply
     * starts before: for a reply whose start cannot be seen (a plain reply's first byte comes only with its end).
     */
    public void prefillDoneBy(Lease lease, long deadlineNanos) {
        prefillDeadlines.add(lease, deadlineNanos);
    }

    /** Marks the leases whose prefill deadline is at or before {@code nowNanos} as done with their prefill. */
    public void expirePrefills(long nowNanos) {
        prefillDeadlines.expire(nowNanos);
    }

    void prefillDone(int index, long prompt) {
        pendingPrefill[index].addAndGet(-prompt);
        pendingRequests[index].decrementAndGet();
    }

    /** Leases on the target whose reply has not started: requests waiting for (or in) prefill. */
    public int pendingRequests(int index) {
        expirePrefills(System.nanoTime());
        return pendingRequests[index].get();
    }

    /** Prompt tokens reserved on the target whose reply has not started: prefill work waiting there. */
    public long pendingPrefillTokens(int index) {
        expirePrefills(System.nanoTime());
        return pendingPrefill[index].get();
    }

    void addTokens(int index, long delta) {
        inflightTokens[index].addAndGet(delta);
    }

    void giveBack(int index, long tokens) {
        inflightTokens[index].addAndGet(-tokens);
        inflightRequests[index].decrementAndGet();
    }

    /** As {@link #giveBack}, for a lease never handed out: its reservation leaves the totals too. */
    void takeBack(int index, long held, long tokens) {
        giveBack(index, held);
        totalRequests[index].decrementAndGet();
        totalTokens[index].addAndGet(-tokens);
    }

    void adjusted(Lease lease) {
        leaseListener.adjusted(lease);
    }

    void released(Lease lease) {
        leaseListener.released(lease);
    }

    public long inflightTokens(int index) {
        return inflightTokens[index].get();
    }

    /** Pending prefill without expiring deadlines first (the pick did that). */
    long pendingPrefillNow(int index) {
        return pendingPrefill[index].get();
    }

    public int inflightRequests(int index) {
        return inflightRequests[index].get();
    }

    /** Sum of in-flight tokens over all targets: exactly 0 when every lease has been released. */
    public long totalInflightTokens() {
        long sum = 0;
        for (AtomicLong t : inflightTokens) {
            sum += t.get();
        }
        return sum;
    }

    /** Sum of in-flight requests over all targets: exactly 0 when every lease has been released. */
    public int totalInflightRequests() {
        int sum = 0;
        for (AtomicInteger r : inflightRequests) {
            sum += r.get();
        }
        return sum;
    }

    public List<TargetStats> snapshot() {
        List<TargetStats> out = new ArrayList<>(targets.length);
        for (int i = 0; i < targets.length; i++) {
            out.add(new TargetStats(targets[i], inflightTokens[i].get(), inflightRequests[i].get(),
                    totalRequests[i].get(), totalTokens[i].get()));
        }
        return out;
    }
}
