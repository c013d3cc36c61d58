package dev.tokenlb.sim;

/**
 * One request inside a {@link BatchingEngine}: its prompt and output length, and how far it got. Confined to the
 * engine's thread once submitted.
 */
final class Sequence {

    enum State { NEW, WAITING, RUNNING, DONE, CANCELLED }

    final int promptTokens;
    /** Tokens to generate; 0 for an embedding, which is done after its prefill. */
    final int outputTokens;
    final SequenceListener listener;

    State state = State.NEW;
    int generated;
    /** KV tokens held for this sequence from admission until it leaves: prompt + output, at most the budget. */
    long kvReserved;

    Sequence(int promptTokens, int outputTokens, SequenceListener listener) {
        if (promptTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0: " + promptTokens + ", " + outputTokens);
        }
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
        this.listener = listener;
    }

    /** Prompt plus generated tokens: what this sequence holds in the KV cache right now. */
    long kvInUse() {
        return (long) promptTokens + generated;
    }

    boolean isFinished() {
        return generated >= outputTokens;
    }

    @Override
    public String toString() {
        return "Sequence[" + state + ", prompt=" + promptTokens + ", " + generated + "/" + outputTokens + "]";
    }
}
