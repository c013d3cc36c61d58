package dev.tokenlb.balance;

import dev.tokenlb.ledger.LoadView;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.pick.PickPolicy;
import dev.tokenlb.pick.PickRequest;

/**
 * Prefers a target where the request's LoRA adapter is already active, within a load bound, whatever the strategy.
 * <p>
 * The strategy picks among every candidate; if its choice has the adapter active, that is the answer. Otherwise it
 * picks again among the candidates with the adapter active, and that choice wins when its tokens in flight per weight
 * exceed the first choice's by at most {@link #SWAP_TOKENS}: loading an adapter is priced as that much more work queued
 * ahead of the request. Why a fixed price in tokens rather than seconds: the engine's metrics say which adapters are
 * active, not how long a load takes (a copy from the CPU-side cache or a read from disk), and a token margin works the
 * same for every strategy, the round-robin ones included. 1,024 tokens is about what an 8B model prefills in the time
 * a rank-16 adapter is copied to the GPU; a near-tie goes to the active target, a much more loaded one never does.
 * <p>
 * Made per request; used under the ledger's lock like the policy it wraps. Not thread-safe.
 */
final class AdapterPreference implements PickPolicy {

    /** What an adapter load is worth, in tokens in flight per unit of weight. */
    static final long SWAP_TOKENS = 1024;

    private final PickPolicy strategy;
    private final ActiveAdapters adapters;
    private final String adapter;

    AdapterPreference(PickPolicy strategy, ActiveAdapters adapters, String adapter) {
        this.strategy = strategy;
        this.adapters = adapters;
        this.adapter = adapter;
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
        int best = strategy.pick(view, request);
        if (best < 0 || adapters.activeOn(best, adapter)) {
            return best;
        }
        int warm = strategy.pick(new ActiveOnly(view), request);
        if (warm < 0) {
            return best;
        }
        return load(view, warm) <= load(view, best) + SWAP_TOKENS ? warm : best;
    }

    private static double load(LoadView view, int index) {
        return view.inflightTokens(index) / view.weight(index);
    }

    @Override
    public String name() {
        return strategy.name();
    }

    @Override
    public String toString() {
        return strategy + "+adapter";
    }

    /** The view with every target where the adapter is not active excluded as well. */
    private final class ActiveOnly implements LoadView {
        private final LoadView view;

        ActiveOnly(LoadView view) {
            this.view = view;
        }

        @Override
        public int size() {
            return view.size();
        }

        @Override
        public Target target(int index) {
            return view.target(index);
        }

        @Override
        public long inflightTokens(int index) {
            return view.inflightTokens(index);
        }

        @Override
        public double weight(int index) {
            return view.weight(index);
        }

        @Override
        public long pendingPrefillTokens(int index) {
            return view.pendingPrefillTokens(index);
        }

        @Override
        public int inflightRequests(int index) {
            return view.inflightRequests(index);
        }

        @Override
        public boolean excluded(int index) {
            return view.excluded(index) || !adapters.activeOn(index, adapter);
        }
    }
}
