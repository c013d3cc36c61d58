package dev.tokenlb.pick;

import java.util.random.RandomGenerator;

import dev.tokenlb.ledger.LoadView;

/** A uniformly random target among those not excluded. */
final class RandomPick implements PickPolicy {

    private final RandomGenerator random;

    RandomPick(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public int pick(LoadView view, long cost) {
        int n = view.size();
        int candidates = 0;
        for (int i = 0; i < n; i++) {
            if (!view.excluded(i)) {
                candidates++;
            }
        }
        if (candidates == 0) {
            return -1;
        }
        int chosen = random.nextInt(candidates);
        for (int i = 0; i < n; i++) {
            if (!view.excluded(i) && chosen-- == 0) {
                return i;
            }
        }
        throw new AssertionError("unreachable");
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public String toString() {
        return name();
    }
}
