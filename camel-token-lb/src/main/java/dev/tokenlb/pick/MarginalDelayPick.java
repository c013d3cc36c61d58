package dev.tokenlb.pick;

import dev.tokenlb.ledger.LoadView;

/**
 * Least marginal delay: the target where this request adds the least waiting to the cluster, in decode steps, under a
 * continuous-batching model. On target i with n requests running and P prompt tokens waiting for prefill, a request
 * with p prompt and o expected output tokens
 * <ul>
 * <li>waits for the prefill ahead of it and its own: (P + p) / R steps, R = prompt tokens prefilled per decode step;</li>
 * <li>decodes o steps, each slower by a factor (1 + g·(n + 1)) for the batch it joins;</li>
 * <li>stalls each of the n running requests for its own prefill (p / R steps) and slows each of their steps by g
 * while it decodes (about g·o steps each).</li>
 * </ul>
 * The sum is divided by the target's weight (configured x learned speed). With R = {@value #PREFILL_TOKENS_PER_STEP}
 * and g = {@value #SLOWDOWN_PER_SEQUENCE} (a 15 ms step, +0.5 ms per sequence, 20,000 prefill tokens/s), a long prompt
 * goes where few requests run, and a short one avoids targets with prefill queued. Ties rotate.
 */
final class MarginalDelayPick implements PickPolicy {

    static final double PREFILL_TOKENS_PER_STEP = 300;
    static final double SLOWDOWN_PER_SEQUENCE = 0.033;

    private int cursor;

    @Override
    public int pick(LoadView view, long cost) {
        return pick(view, cost, 0);
    }

    @Override
    public int pick(LoadView view, long cost, long prompt) {
        int n = view.size();
        int start = cursor;
        cursor = (cursor + 1) % n;
        double output = Math.max(0, cost - prompt);
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (view.excluded(i)) {
                continue;
            }
            int running = view.inflightRequests(i);
            double prefillWait = (view.pendingPrefillTokens(i) + prompt) / PREFILL_TOKENS_PER_STEP;
            double ownDecode = output * (1 + SLOWDOWN_PER_SEQUENCE * (running + 1));
            double imposed = running * (prompt / PREFILL_TOKENS_PER_STEP + SLOWDOWN_PER_SEQUENCE * output);
            double score = (prefillWait + ownDecode + imposed) / view.weight(i);
            if (best < 0 || score < bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    @Override
    public String name() {
        return "delay";
    }

    @Override
    public String toString() {
        return name();
    }
}
