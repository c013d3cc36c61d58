package dev.tokenlb.pick;

/**
 * What the {@code latency} pick reads of each target beyond the ledger's counts: how fast it serves (calibrated) and
 * the load that other clients put on it (from the engine's own metrics). Called under the ledger's lock for every
 * candidate of every pick: implementations answer from memory, without locks or I/O.
 */
public interface ServiceModel {

    /**
     * Seconds from sending a request to its first byte, with this many prompt tokens to prefill ahead of it (its own
     * included) and this many tokens held on the target (its own included).
     */
    double firstByteSeconds(int index, double prefillTokensAhead, double tokensHeld);

    /** Prefill seconds per prompt token: what every running sequence stalls while a prompt is prefilled. */
    double prefillSecondsPerToken(int index);

    /** Seconds per output token of one sequence in a batch of this many. */
    double stepSeconds(int index, double batch);

    /** What one more running sequence adds to every other sequence's seconds per token. */
    double stepSecondsPerSequence(int index);

    /** Requests on the target that this balancer did not send (other clients), running or queued. */
    default double foreignRequests(int index) {
        return 0;
    }

    /** Prompt tokens of other clients waiting for prefill on the target. */
    default double foreignPrefillTokens(int index) {
        return 0;
    }

    /** Tokens that other clients' requests hold on the target. */
    default double foreignTokens(int index) {
        return 0;
    }

    /**
     * Requests the target runs at once when it has a queue (its slots, or what its KV cache admits), as its own
     * metrics show; infinite when that is not known. A request beyond it waits for a running one to finish.
     */
    default double slots(int index) {
        return Double.POSITIVE_INFINITY;
    }

    /** Mean output tokens of a reply, to price a wait for a free slot; NaN when not known yet. */
    default double meanOutputTokens() {
        return Double.NaN;
    }
}
