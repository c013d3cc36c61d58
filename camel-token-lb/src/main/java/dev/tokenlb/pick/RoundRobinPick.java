package dev.tokenlb.pick;

import dev.tokenlb.ledger.LoadView;

/** Each target in turn; an excluded target is skipped. */
final class RoundRobinPick implements PickPolicy {

    private int next;

    @Override
    public int pick(LoadView view, long cost) {
        int n = view.size();
        for (int k = 0; k < n; k++) {
            int i = (next + k) % n;
            if (!view.excluded(i)) {
                next = (i + 1) % n;
                return i;
            }
        }
        return -1;
    }

    @Override
    public String name() {
        return "round-robin";
    }

    @Override
    public String toString() {
        return name();
    }
}
