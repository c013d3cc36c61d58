package dev.tokenlb.bench;

/**
 * What became of one request. Times are {@link System#nanoTime()} values; latency counts from the <em>scheduled</em>
 * arrival, not from the moment the request was written, so a load generator running late cannot hide queueing
 * (no coordinated omission). Immutable.
 *
 * @param index            the request's index in the sequence
 * @param error            null on success, else one line saying what failed (status, exception, broken stream)
 * @param scheduledNanos   when the request was due
 * @param firstTokenNanos  when the first SSE {@code data:} line arrived; -1 for a plain reply or none
 * @param endNanos         when the reply's last byte arrived (or the failure was seen)
 * @param outputTokens     tokens received: content events of a stream, {@code usage.completion_tokens} otherwise
 * @param backend          the simulated backend that served it ({@code x-sim-backend}), or null
 */
record RequestResult(int index, String error, long scheduledNanos, long firstTokenNanos, long endNanos,
                     int outputTokens, String backend) {

    boolean ok() {
        return error == null;
    }

    long latencyNanos() {
        return endNanos - scheduledNanos;
    }

    /** -1 when the reply was not streamed or had no token. */
    long ttftNanos() {
        return firstTokenNanos < 0 ? -1 : firstTokenNanos - scheduledNanos;
    }
}
