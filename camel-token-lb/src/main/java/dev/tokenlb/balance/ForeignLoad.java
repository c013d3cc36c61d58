package dev.tokenlb.balance;

/**
 * The load on each target that this balancer did not send: other clients of the same engines, seen in the engines'
 * own metrics. Answers from memory, without locks or I/O (it is read under the ledger's lock).
 */
interface ForeignLoad {

    ForeignLoad NONE = new ForeignLoad() {
        @Override
        public double requests(int index) {
            return 0;
        }

        @Override
        public double prefillTokens(int index) {
            return 0;
        }

        @Override
        public double tokens(int index) {
            return 0;
        }
    };

    /** Requests running or queued on the target that are not this balancer's. */
    double requests(int index);

    /** Prompt tokens of other clients waiting for prefill on the target. */
    double prefillTokens(int index);

    /** Tokens (prompt and output) that other clients' requests hold on the target, as far as it can be told. */
    double tokens(int index);
}
