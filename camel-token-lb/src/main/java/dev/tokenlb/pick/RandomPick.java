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
        int candidates = Candidates.count(view);
        return candidates == 0 ? -1 : Candidates.nth(view, random.nextInt(candidates));
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
