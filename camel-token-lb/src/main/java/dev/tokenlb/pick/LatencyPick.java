package dev.tokenlb.pick;

import dev.tokenlb.ledger.LoadView;

/**
 * Chooses the target where the request adds the least latency to the cluster ({@link ExpectedLatency}), divided by
 * the target's configured weight (a preference; speed is in the calibration already). Equal scores rotate.
 */
final class LatencyPick implements PickPolicy {

    private final ServiceModel model;
    private int cursor;

    LatencyPick(ServiceModel model) {
        this.model = model;
    }

    @Override
    public int pick(LoadView view, long cost) {
        return pick(view, PickRequest.of(cost, 0));
    }

    @Override
    public int pick(LoadView view, long cost, long prompt) {
        return pick(view, PickRequest.of(cost, prompt));
    }

    @Override
    public int pick(LoadView view, PickRequest request) {
        int n = view.size();
        int start = cursor;
        cursor = (cursor + 1) % n;
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (view.excluded(i)) {
                continue;
            }
            double score = ExpectedLatency.seconds(model, view, i, request) / view.target(i).weight();
            if (Double.isNaN(score)) {
                score = Double.MAX_VALUE; // a model that cannot say is not a reason to prefer a target
            }
            if (best < 0 || score < bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String toString() {
        return name();
    }
}
