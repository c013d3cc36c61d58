package dev.tokenlb.pick;

import dev.tokenlb.ledger.LoadView;

/** Counting and indexing the targets a pick may choose (those not excluded). */
final class Candidates {

    private Candidates() {
    }

    static int count(LoadView view) {
        int candidates = 0;
        for (int i = 0; i < view.size(); i++) {
            if (!view.excluded(i)) {
                candidates++;
            }
        }
        return candidates;
    }

    /** The index of the k-th candidate (0-based). */
    static int nth(LoadView view, int k) {
        for (int i = 0; i < view.size(); i++) {
            if (!view.excluded(i) && k-- == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("no candidate " + k);
    }

    /** How many candidates come before index i. */
    static int rank(LoadView view, int index) {
        int r = 0;
        for (int i = 0; i < index; i++) {
            if (!view.excluded(i)) {
                r++;
            }
        }
        return r;
    }
}
