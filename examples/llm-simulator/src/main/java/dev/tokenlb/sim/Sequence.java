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
    /** The chained hashes of the prompt's full blocks ({@link PromptBlocks}); empty = nothing to cache. */
    final long[] blockHashes;

    State state = State.NEW;
    int generated;
    /** KV tokens held for this sequence from admission until it leaves: prompt + output, at most the budget. */
    long kvReserved;
    /** Prompt tokens served from the prefix cache at admission: they cost no prefill. */
    int cachedTokens;
    /** Leading blocks of {@link #blockHashes} this sequence pins in the prefix cache. */
    int heldBlocks;
    /** The step that prefilled it has ended (its blocks are cached from then on). */
    boolean prefilled;
    long submittedNanos;
    long lastTokenNanos;

    Sequence(int promptTokens, int outputTokens, SequenceListener listener) {
        this(promptTokens, outputTokens, new long[0], listener);
    }

    Sequence(int promptTokens, int outputTokens, long[] blockHashes, SequenceListener listener) {
        if (promptTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0: " + promptTokens + ", " + outputTokens);
        }
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
        this.listener = listener;
        this.blockHashes = blockHashes;
    }

    /** Prompt tokens to compute at admission: those not served from the prefix cache. */
    int prefillTokens() {
        return promptTokens - cachedTokens;
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
        return "Sequence[" + state + ", prompt=" + promptTokens + " (cached " + cachedTokens + "), " + generated + "/" + outputTokens + "]";
    }
}
