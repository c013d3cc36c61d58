package dev.tokenlb.pick;

import java.util.random.RandomGenerator;

import dev.tokenlb.ledger.LoadView;

/**
 * Power of two choices over the token metric: draws two distinct candidates at random and takes the one with the
 * lower (in-flight tokens + cost) / weight. Less herding than always taking the global minimum when many balancers
 * (or stale views) share backends; with one balancer and an exact ledger it usually does a little worse.
 */
final class PowerOfTwoPick implements PickPolicy {

    private final RandomGenerator random;

    PowerOfTwoPick(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public int pick(LoadView view, long cost) {
        int candidates = Candidates.count(view);
        if (candidates == 0) {
            return -1;
        }
        int a = Candidates.nth(view, random.nextInt(candidates));
        if (candidates == 1) {
            return a;
        }
        int second = random.nextInt(candidates - 1);
        int b = Candidates.nth(view, second >= Candidates.rank(view, a) ? second + 1 : second);
        double sa = (view.inflightTokens(a) + cost) / view.weight(a);
        double sb = (view.inflightTokens(b) + cost) / view.weight(b);
        return sb < sa ? b : a;
    }

    @Override
    public String name() {
        return "tokens-p2c";
    }

    @Override
    public String toString() {
        return name();
    }
}
