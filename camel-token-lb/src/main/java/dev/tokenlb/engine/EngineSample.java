package dev.tokenlb.engine;

import java.util.Set;

/**
 * What one backend's engine reported in one scrape, folded over its models and engine cores (counts and counters
 * summed, ratios at their maximum). A value the engine did not report is {@code NaN}, so "0" and "not reported" stay
 * apart: test with {@link Double#isNaN(double)}. Counters are cumulative since the engine started; the scraper derives
 * rates from consecutive samples ({@link EngineScraper#generationTokensPerSecond(int)}).
 * <p>
 * Immutable and thread-safe.
 *
 * @param engine                       which engine's names the values were read with
 * @param takenNanos                   when the scrape finished, on the scraper's nanosecond clock
 * @param running                      requests being processed (in the running batch / busy slots)
 * @param waiting                      requests queued, not yet running
 * @param kvUsage                      KV-cache usage, a fraction from 0 to 1 (vLLM's {@code *_perc} is a fraction too)
 * @param prefixCacheHitRatio          prefix-cache hit ratio 0..1: the engine's own gauge where it has one, else
 *                                     {@code prefixCacheHits / prefixCacheQueries} since the engine started
 * @param prefixCacheQueries           prefix-cache lookups, in tokens (counter)
 * @param prefixCacheHits              prefix-cache hits, in tokens (counter)
 * @param promptTokens                 prompt (prefill) tokens processed (counter)
 * @param generationTokens             tokens generated (counter)
 * @param reportedPromptThroughput     the engine's own prompt tokens per second, where it reports one (llama.cpp)
 * @param reportedGenerationThroughput the engine's own generated tokens per second (SGLang, llama.cpp)
 * @param timeToFirstTokenSum          sum of the time-to-first-token histogram, seconds
 * @param timeToFirstTokenCount        count of the time-to-first-token histogram
 * @param interTokenLatencySum         sum of the inter-token latency (time per output token) histogram, seconds
 * @param interTokenLatencyCount       count of that histogram
 * @param prefillTimeSum               sum of the per-request prefill time histogram, seconds (vLLM)
 * @param prefillTimeCount             count of that histogram
 * @param activeAdapters               LoRA adapters with requests running or waiting on the engine (vLLM's
 *                                     {@code lora_requests_info}); empty when none or not reported
 * @param maxLora                      adapters the engine holds at once ({@code max_lora}); NaN when not reported
 */
public record EngineSample(EngineKind engine, long takenNanos,
                           double running, double waiting, double kvUsage,
                           double prefixCacheHitRatio, double prefixCacheQueries, double prefixCacheHits,
                           double promptTokens, double generationTokens,
                           double reportedPromptThroughput, double reportedGenerationThroughput,
                           double timeToFirstTokenSum, double timeToFirstTokenCount,
                           double interTokenLatencySum, double interTokenLatencyCount,
                           double prefillTimeSum, double prefillTimeCount,
                           Set<String> activeAdapters, double maxLora) {

    public EngineSample {
        activeAdapters = Set.copyOf(activeAdapters);
    }

    /** A sample without LoRA information. */
    public EngineSample(EngineKind engine, long takenNanos,
                        double running, double waiting, double kvUsage,
                        double prefixCacheHitRatio, double prefixCacheQueries, double prefixCacheHits,
                        double promptTokens, double generationTokens,
                        double reportedPromptThroughput, double reportedGenerationThroughput,
                        double timeToFirstTokenSum, double timeToFirstTokenCount,
                        double interTokenLatencySum, double interTokenLatencyCount,
                        double prefillTimeSum, double prefillTimeCount) {
        this(engine, takenNanos, running, waiting, kvUsage, prefixCacheHitRatio, prefixCacheQueries, prefixCacheHits,
                promptTokens, generationTokens, reportedPromptThroughput, reportedGenerationThroughput,
                timeToFirstTokenSum, timeToFirstTokenCount, interTokenLatencySum, interTokenLatencyCount,
                prefillTimeSum, prefillTimeCount, Set.of(), Double.NaN);
    }

    /** Mean time to first token since the engine started, seconds; NaN when not reported or nothing observed yet. */
    public double meanTimeToFirstTokenSeconds() {
        return mean(timeToFirstTokenSum, timeToFirstTokenCount);
    }

    /** Mean inter-token latency since the engine started, seconds; NaN when not reported or nothing observed yet. */
    public double meanInterTokenLatencySeconds() {
        return mean(interTokenLatencySum, interTokenLatencyCount);
    }

    private static double mean(double sum, double count) {
        return count > 0 ? sum / count : Double.NaN;
    }

    static Builder builder(EngineKind engine, long takenNanos) {
        return new Builder(engine, takenNanos);
    }

    /** Collects the values an adapter found; whatever it does not set stays NaN. Not thread-safe. */
    static final class Builder {
        private final EngineKind engine;
        private final long takenNanos;
        private double running = Double.NaN;
        private double waiting = Double.NaN;
        private double kvUsage = Double.NaN;
        private double prefixHitRatio = Double.NaN;
        private double prefixQueries = Double.NaN;
        private double prefixHits = Double.NaN;
        private double promptTokens = Double.NaN;
        private double generationTokens = Double.NaN;
        private double promptThroughput = Double.NaN;
        private double generationThroughput = Double.NaN;
        private double ttftSum = Double.NaN;
        private double ttftCount = Double.NaN;
        private double itlSum = Double.NaN;
        private double itlCount = Double.NaN;
        private double prefillSum = Double.NaN;
        private double prefillCount = Double.NaN;
        private Set<String> adapters = Set.of();
        private double maxLora = Double.NaN;

        private Builder(EngineKind engine, long takenNanos) {
            this.engine = engine;
            this.takenNanos = takenNanos;
        }

        Builder running(double v) { running = v; return this; }

        Builder waiting(double v) { waiting = v; return this; }

        Builder kvUsage(double v) { kvUsage = v; return this; }

        Builder prefixCache(double hitRatio, double queries, double hits) {
            prefixQueries = queries;
            prefixHits = hits;
            // the engine's own ratio where it has one; else what the counters say since it started
            prefixHitRatio = !Double.isNaN(hitRatio) ? hitRatio : queries > 0 ? hits / queries : Double.NaN;
            return this;
        }

        Builder tokens(double prompt, double generation) {
            promptTokens = prompt;
            generationTokens = generation;
            return this;
        }

        Builder reportedThroughput(double prompt, double generation) {
            promptThroughput = prompt;
            generationThroughput = generation;
            return this;
        }

        Builder timeToFirstToken(double sum, double count) { ttftSum = sum; ttftCount = count; return this; }

        Builder interTokenLatency(double sum, double count) { itlSum = sum; itlCount = count; return this; }

        Builder prefillTime(double sum, double count) { prefillSum = sum; prefillCount = count; return this; }

        Builder lora(Set<String> active, double max) { adapters = active; maxLora = max; return this; }

        EngineSample build() {
            return new EngineSample(engine, takenNanos, running, waiting, kvUsage, prefixHitRatio, prefixQueries,
                    prefixHits, promptTokens, generationTokens, promptThroughput, generationThroughput, ttftSum,
                    ttftCount, itlSum, itlCount, prefillSum, prefillCount, adapters, maxLora);
        }
    }
}
