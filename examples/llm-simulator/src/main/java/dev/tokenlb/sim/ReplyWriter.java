package dev.tokenlb.sim;

/** Turns one sequence's progress into its HTTP reply. Called on the connection's event loop only. */
interface ReplyWriter {

    /** The request is accepted: a stream sends its headers now, before it is queued. */
    void begin();

    /** Token {@code index} (from 1) was generated. */
    void token(int index);

    /** Generation is over; end the reply, then run {@code ended} (at most once). */
    void finish(Runnable ended);
}
