package dev.tokenlb.pick;

import dev.tokenlb.ledger.LoadView;

/**
 * The load metric of the {@code delay} strategy: the waiting, in decode steps, that a request adds to the cluster on
 * a target under a continuous-batching model. On target i with n requests running and P prompt tokens waiting for
 * prefill, a request with p prompt and o expected output tokens
 * <ul>
 * <li>waits for the prefill ahead of it and its own: (P + p) / R steps, R = prompt tokens prefilled per decode step;</li>
 * <li>decodes o steps, each slower by a factor (1 + g·(n + 1)) for the batch it joins;</li>
 * <li>stalls each of the n running requests for its own prefill (p / R steps) and slows each of their steps by g
 * while it decodes (about g·o steps each).</li>
 * </ul>
 * With R = {@value #PREFILL_TOKENS_PER_STEP} and g = {@value #SLOWDOWN_PER_SEQUENCE} (a 15 ms step, +0.5 ms per
 * sequence, 20,000 prefill tokens/s), a long prompt goes where few requests run, and a short one avoids targets with
 * prefill queued. The pick divides by the target's weight (configured x learned speed).
 */
final class MarginalDelay {

    static final double PREFILL_TOKENS_PER_STEP = 300;
    static final double SLOWDOWN_PER_SEQUENCE = 0.033;

    private MarginalDelay() {
    }

    static double steps(LoadView view, int i, long cost, long prompt) {
        double output = Math.max(0, cost - prompt);
        int running = view.inflightRequests(i);
        double prefillWait = (view.pendingPrefillTokens(i) + prompt) / PREFILL_TOKENS_PER_STEP;
        double ownDecode = output * (1 + SLOWDOWN_PER_SEQUENCE * (running + 1));
        double imposed = running * (prompt / PREFILL_TOKENS_PER_STEP + SLOWDOWN_PER_SEQUENCE * output);
        return prefillWait + ownDecode + imposed;
    }
}
