package dev.tokenlb.ledger;

import java.util.Arrays;
import java.util.function.IntToLongFunction;

import dev.tokenlb.pick.PickPolicy;
import dev.tokenlb.pick.PickRequest;

/**
 * The local pick's choice, made shareable: for each candidate target its score as the local view saw it (this
 * ledger's load plus other replicas' as last synced), the other replicas' load that view assumed, and how the score
 * moves per token and per request they add. A {@link SharedPick} then redoes the argmin atomically with the load the
 * other replicas hold right now:
 * <pre>
 * score_i = score[i] + tokenSlope[i] * (peerTokensNow_i - peerTokens[i]) + requestSlope[i] * (peerRequestsNow_i - peerRequests[i])
 * </pre>
 * Exact for the linear strategies (tokens, least-requests), a first-order correction for latency. The local choice
 * comes first, so ties keep it. A policy without a score (round robin, random) plans its own choice only.
 * <p>
 * Immutable once built (the arrays are not copied: do not change them).
 *
 * @param leaseId      this ledger's id of the lease the reservation becomes
 * @param tokens       the request's cost
 * @param candidates   target indexes, the local choice first
 * @param caps         per candidate, tokens in flight across replicas at which it takes nothing more; 0: no bound
 */
public record PickPlan(long leaseId, long tokens, int[] candidates, double[] scores, double[] tokenSlopes,
                       double[] requestSlopes, long[] peerTokens, int[] peerRequests, long[] caps) {

    /** Scores are kept finite, so a shared ledger can do plain arithmetic with them. */
    private static final double LIMIT = 1e300;

    /** The local choice. */
    public int local() {
        return candidates[0];
    }

    public int size() {
        return candidates.length;
    }

    /** Plans the candidates of {@code view} (not excluded) around the local choice; read under the pick lock. */
    static PickPlan of(long leaseId, PickPolicy policy, LoadView view, PickRequest request, int local,
                       PeerLoad peers, IntToLongFunction cap) {
        int n = view.size();
        boolean scored = !Double.isNaN(policy.score(view, local, request));
        int[] order = new int[scored ? n : 1];
        int size = 0;
        order[size++] = local;
        for (int i = 0; scored && i < n; i++) {
            if (i != local && !view.excluded(i)) {
                order[size++] = i;
            }
        }
        PickPlan plan = new PickPlan(leaseId, request.cost(), Arrays.copyOf(order, size), new double[size],
                new double[size], new double[size], new long[size], new int[size], new long[size]);
        long dt = Math.max(1, request.cost());
        for (int k = 0; k < size; k++) {
            int i = plan.candidates[k];
            plan.peerTokens[k] = peers.tokens(i);
            plan.peerRequests[k] = peers.requests(i);
            plan.caps[k] = Math.max(0, cap.applyAsLong(i));
            if (!scored) {
                continue;
            }
            double s = finite(policy.score(view, i, request));
            plan.scores[k] = s;
            plan.tokenSlopes[k] = slope(finite(policy.score(new ShiftedView(view, i, dt, 0), i, request)) - s, dt);
            plan.requestSlopes[k] = slope(finite(policy.score(new ShiftedView(view, i, 0, 1), i, request)) - s, 1);
        }
        return plan;
    }

    /** A choice made without a policy ({@link TokenLedger#reserveOn}): that target only, no bound. */
    static PickPlan fixed(long leaseId, long tokens, int index, PeerLoad peers) {
        return new PickPlan(leaseId, tokens, new int[] {index}, new double[1], new double[1], new double[1],
                new long[] {peers.tokens(index)}, new int[] {peers.requests(index)}, new long[1]);
    }

    private static double finite(double v) {
        return Double.isNaN(v) ? LIMIT : Math.max(-LIMIT, Math.min(LIMIT, v));
    }

    private static double slope(double delta, double step) {
        double s = delta / step;
        return Double.isFinite(s) && Math.abs(s) < 1e100 ? s : 0;
    }
}
