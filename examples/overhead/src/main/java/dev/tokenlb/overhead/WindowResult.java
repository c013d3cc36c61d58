package dev.tokenlb.overhead;

/**
 * What one measurement window (one contender, one rate, one round) gave. Immutable (the arrays are not copied; do not
 * change them).
 *
 * @param contender    the contender's name
 * @param rate         the offered rate, requests per second
 * @param round        the round, from 1; 0 for warm-up
 * @param sent         requests sent (all of the window's arrivals)
 * @param errors       requests that failed: connection error, timeout, a status other than 200, a malformed body
 * @param errorKinds   the errors by kind (exception and message, or status)
 * @param unfinished   requests with no outcome when the window's drain timeout passed
 * @param latencyNanos send-to-last-byte time of each successful request, in completion order
 * @param lagNanos     how late each request left the generator against its scheduled time (the generator's own
 *                     delay, included in the latency; large values mean the load generator did not keep up)
 * @param cpuTicks     the contender's CPU ticks over the window, -1 when not measured
 * @param wallNanos    from the first scheduled send to the last outcome
 */
record WindowResult(String contender, int rate, int round, int sent, int errors, java.util.Map<String, Integer> errorKinds,
                    int unfinished, long[] latencyNanos, long[] lagNanos, long cpuTicks, long wallNanos) {

    int ok() {
        return latencyNanos.length;
    }
}
