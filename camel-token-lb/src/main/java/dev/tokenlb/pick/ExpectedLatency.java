package dev.tokenlb.pick;

import dev.tokenlb.ledger.LoadView;

/**
 * The load metric of the {@code latency} strategy: the seconds a request adds to the cluster on a target, that is its
 * own latency there plus the delay it imposes on the requests already running there. On target i with n requests
 * running (this balancer's and other clients'), Q prompt tokens waiting for prefill, K tokens held, and a request of
 * cost c with u uncached prompt tokens and o expected output tokens:
 * <pre>
 * own     = firstByte(Q + u, K + c) + o * step(n + 1)   wait for the prefill ahead and its own (and, where the data show
 *                                                   it, for room as the K tokens held fill the cache), then decode
 * imposed = n * (u * prefillPerToken + o * stepPerSequence)   every running sequence stalls for its prefill and
 *                                                              decodes slower while it runs
 * </pre>
 * with firstByte, step and their slopes calibrated per target ({@link ServiceModel}). An engine known to run at most s
 * requests at once (its slots, seen in its metrics) decodes min(n + 1, s) and stalls min(n, s) of them, and a request
 * beyond its slots first waits for q = n + 1 - s replies to end, s at a time: {@code q * meanOutput * step(s) / s}
 * more to its first byte ({@link #slotWait}). For a streamed reply, whose user
 * sees the first token long before the last, its own wait for the first byte counts {@code 1 + firstTokenWeight}
 * times. A cached prefix lowers u, so a
 * request goes where its prefix is while that pays; as that target's queue grows, own and imposed grow with it and the
 * request spills elsewhere.
 */
final class ExpectedLatency {

    private ExpectedLatency() {
    }

    static double seconds(ServiceModel model, LoadView view, int i, PickRequest request, double firstTokenWeight) {
        double running = view.inflightRequests(i) + model.foreignRequests(i);
        double ahead = view.pendingPrefillTokens(i) + model.foreignPrefillTokens(i);
        double uncached = request.uncachedPrompt(i);
        double output = request.output();
        double held = view.inflightTokens(i) + model.foreignTokens(i) + request.cost();
        double slots = model.slots(i);
        double firstByte = model.firstByteSeconds(i, ahead + uncached, held) + slotWait(model, i, running, slots,
                output);
        double own = firstByte * (request.streamed() ? 1 + firstTokenWeight : 1)
                     + output * model.stepSeconds(i, Math.min(running + 1, slots));
        double imposed = Math.min(running, slots) * (uncached * model.prefillSecondsPerToken(i)
                                                     + output * model.stepSecondsPerSequence(i));
        return own + imposed;
    }

    /**
     * The wait for a free slot on a full engine: with s slots busy and q requests (this one included) queued for them,
     * about q replies of mean length must end first, s at a time: {@code q * meanOutput * step(s) / s}.
     */
    static double slotWait(ServiceModel model, int i, double running, double slots, double output) {
        double queued = running + 1 - slots;
        if (!(queued > 0)) {
            return 0; // room now, or no known bound
        }
        double meanOutput = model.meanOutputTokens();
        double reply = (Double.isNaN(meanOutput) ? output : meanOutput) * model.stepSeconds(i, slots);
        return queued * reply / slots;
    }
}
