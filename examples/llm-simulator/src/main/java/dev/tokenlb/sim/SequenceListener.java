package dev.tokenlb.sim;

/**
 * What the engine tells the owner of one sequence. Called on the engine's thread, never after the sequence was
 * cancelled; a listener may cancel its own or another sequence from inside a call.
 */
interface SequenceListener {

    /** One more token was generated; {@code tokensSoFar} counts from 1. Not called for embeddings. */
    void onToken(int tokensSoFar);

    /** The last token was generated (or, for an embedding, the prefill is done); the engine slot is free already. */
    void onComplete();
}
