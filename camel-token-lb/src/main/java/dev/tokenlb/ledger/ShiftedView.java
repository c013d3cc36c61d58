package dev.tokenlb.ledger;

/** A {@link LoadView} with some tokens and requests added on one target: to read how a score moves with load. */
final class ShiftedView implements LoadView {

    private final LoadView view;
    private final int index;
    private final long tokens;
    private final int requests;

    ShiftedView(LoadView view, int index, long tokens, int requests) {
        this.view = view;
        this.index = index;
        this.tokens = tokens;
        this.requests = requests;
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public Target target(int i) {
        return view.target(i);
    }

    @Override
    public long inflightTokens(int i) {
        return view.inflightTokens(i) + (i == index ? tokens : 0);
    }

    @Override
    public double weight(int i) {
        return view.weight(i);
    }

    @Override
    public long pendingPrefillTokens(int i) {
        return view.pendingPrefillTokens(i);
    }

    @Override
    public int inflightRequests(int i) {
        return view.inflightRequests(i) + (i == index ? requests : 0);
    }

    @Override
    public boolean excluded(int i) {
        return view.excluded(i);
    }
}
