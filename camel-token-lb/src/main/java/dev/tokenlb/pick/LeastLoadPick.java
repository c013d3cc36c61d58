package dev.tokenlb.pick;

import dev.tokenlb.ledger.LoadView;

/**
 * Chooses the target with the lowest load / weight. Equal scores are broken by a cursor that moves on every pick, so
 * ties do not always go to the first target (an idle cluster is then served round robin).
 */
final class LeastLoadPick implements PickPolicy {

    /** The load a target would have if this request (cost tokens, prompt of them to prefill) went there. */
    @FunctionalInterface
    interface LoadIfPicked {
        double load(LoadView view, int index, long cost, long prompt);
    }

    private final String name;
    private final LoadIfPicked metric;
    private int cursor;

    LeastLoadPick(String name, LoadIfPicked metric) {
        this.name = name;
        this.metric = metric;
    }

    @Override
    public int pick(LoadView view, long cost) {
        return pick(view, cost, 0);
    }

    @Override
    public int pick(LoadView view, long cost, long prompt) {
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
            double score = metric.load(view, i, cost, prompt) / view.weight(i);
            if (best < 0 || score < bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
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
