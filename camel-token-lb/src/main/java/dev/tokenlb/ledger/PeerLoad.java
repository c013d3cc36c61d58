package dev.tokenlb.ledger;

/**
 * What other replicas of this balancer (sharing a ledger) hold on each target, as last seen: pick policies see it
 * added to this ledger's own counts. Answers from memory, without locks or I/O (it is read under the pick lock).
 */
public interface PeerLoad {

    /** No other replicas: the ledger alone. */
    PeerLoad NONE = new PeerLoad() {
        @Override
        public long tokens(int index) {
            return 0;
        }

        @Override
        public int requests(int index) {
            return 0;
        }
    };

    /** Tokens other replicas hold on the target, >= 0. */
    long tokens(int index);

    /** Requests other replicas have in flight on the target, >= 0. */
    int requests(int index);
}
