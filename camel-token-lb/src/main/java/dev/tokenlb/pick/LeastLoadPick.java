package dev.tokenlb.pick;

import dev.tokenlb.ledger.LoadView;

/**
 * Chooses the target with the lowest score. Equal scores are broken by a cursor that moves on every pick, so ties do
 * not always go to the first target (an idle cluster is then served round robin); a score that is not a number never
 * wins over one that is.
 */
final class LeastLoadPick implements PickPolicy {

    /** The load a target would have if this request (cost tokens, prompt of them to prefill) went there. */
    @FunctionalInterface
    interface LoadIfPicked {
        double load(LoadView view, int index, long cost, long prompt);
    }

    /** A target's score for this request, already divided by whatever weight applies. */
    @FunctionalInterface
    interface Score {
        double score(LoadView view, int index, PickRequest request);
    }

    private final String name;
    private final Score metric;
    private int cursor;

    /** Scores load / weight, the weight as the view gives it (configured times learned speed). */
    LeastLoadPick(String name, LoadIfPicked metric) {
        this(name, (view, i, request) -> metric.load(view, i, request.cost(), request.prompt()) / view.weight(i));
    }

    LeastLoadPick(String name, Score metric) {
        this.name = name;
        this.metric = metric;
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
            double score = metric.score(view, i, request);
            if (Double.isNaN(score)) {
                score = Double.MAX_VALUE; // a metric that cannot say is no reason to prefer a target
            }
            if (best < 0 || score < bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    @Override
    public double score(LoadView view, int index, PickRequest request) {
        return metric.score(view, index, request);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
