package dev.tokenlb.sim;

/**
 * What an engine counts for its {@code /metrics}, as vLLM counts it: prompt tokens when a request is admitted, each
 * generated token, prefix-cache queries and hits in tokens (a query is a whole prompt, a hit its tokens served from
 * the cache), preemptions (none: this engine reserves KV at admission), and the time to first token (from the moment
 * the request entered the engine's queue) and between tokens, in wall-clock seconds. Not thread-safe: written and read
 * on the engine's thread only, so a scrape on that thread sees one consistent state.
 */
final class EngineMetrics {

    final Histogram timeToFirstToken = new Histogram(Histogram.TTFT_BUCKETS);
    final Histogram interTokenLatency = new Histogram(Histogram.ITL_BUCKETS);
    long promptTokens;
    long generationTokens;
    long prefixCacheQueries;
    long prefixCacheHits;
    long preemptions;
    long requestsAdmitted;

    void onAdmitted(int promptTokens, int cachedTokens) {
        requestsAdmitted++;
        this.promptTokens += promptTokens;
        prefixCacheQueries += promptTokens;
        prefixCacheHits += cachedTokens;
    }

    /** Token {@code index} (from 1) of a sequence came at {@code nowNanos}. */
    void onToken(Sequence s, long nowNanos) {
        generationTokens++;
        if (s.generated == 1) {
            timeToFirstToken.observe((nowNanos - s.submittedNanos) / 1e9);
        } else {
            interTokenLatency.observe((nowNanos - s.lastTokenNanos) / 1e9);
        }
        s.lastTokenNanos = nowNanos;
    }
}
