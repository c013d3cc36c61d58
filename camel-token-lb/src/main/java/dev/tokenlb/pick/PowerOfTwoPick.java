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
        int a = nth(view, random.nextInt(candidates));
        if (candidates == 1) {
            return a;
        }
        int second = random.nextInt(candidates - 1);
        int b = nth(view, second >= rank(view, a) ? second + 1 : second);
        double sa = (view.inflightTokens(a) + cost) / view.weight(a);
        double sb = (view.inflightTokens(b) + cost) / view.weight(b);
        return sb < sa ? b : a;
    }

    /** The index of the k-th candidate not excluded. */
    private static int nth(LoadView view, int k) {
        for (int i = 0; i < view.size(); i++) {
            if (!view.excluded(i) && k-- == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("no candidate " + k);
    }

    /** How many candidates come before index i. */
    private static int rank(LoadView view, int index) {
        int r = 0;
        for (int i = 0; i < index; i++) {
            if (!view.excluded(i)) {
                r++;
            }
        }
        return r;
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
