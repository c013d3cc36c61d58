package dev.tokenlb.engine;

import java.util.Map;

import static dev.tokenlb.engine.Aggregation.MAX;
import static dev.tokenlb.engine.Aggregation.SUM;

/**
 * SGLang ({@code python/sglang/srt/metrics/collector.py}; labels such as {@code model_name}, {@code engine_type},
 * {@code tp_rank}, {@code pp_rank}, one series per reporting rank). {@code token_usage} is the KV pool's used fraction;
 * {@code cache_hit_rate} the radix cache's hit ratio, taken at its maximum over ranks like every ratio here.
 */
final class SglangAdapter implements EngineAdapter {

    static final String RUNNING = "sglang:num_running_reqs";
    static final String WAITING = "sglang:num_queue_reqs";
    static final String KV_USAGE = "sglang:token_usage";
    static final String CACHE_HIT_RATE = "sglang:cache_hit_rate";
    static final String CACHED_TOKENS = "sglang:cached_tokens_total";
    static final String PROMPT_TOKENS = "sglang:prompt_tokens_total";
    static final String GENERATION_TOKENS = "sglang:generation_tokens_total";
    static final String GEN_THROUGHPUT = "sglang:gen_throughput";
    static final String TTFT = "sglang:time_to_first_token_seconds";
    static final String ITL = "sglang:inter_token_latency_seconds";
    static final String TPOT_OLD = "sglang:time_per_output_token_seconds";

    private static final Map<String, Aggregation> NAMES = Map.ofEntries(
            Map.entry(RUNNING, SUM), Map.entry(WAITING, SUM),
            Map.entry(KV_USAGE, MAX), Map.entry(CACHE_HIT_RATE, MAX), Map.entry(CACHED_TOKENS, SUM),
            Map.entry(PROMPT_TOKENS, SUM), Map.entry(GENERATION_TOKENS, SUM), Map.entry(GEN_THROUGHPUT, SUM),
            Map.entry(TTFT + "_sum", SUM), Map.entry(TTFT + "_count", SUM),
            Map.entry(ITL + "_sum", SUM), Map.entry(ITL + "_count", SUM),
            Map.entry(TPOT_OLD + "_sum", SUM), Map.entry(TPOT_OLD + "_count", SUM));

    @Override
    public EngineKind kind() {
        return EngineKind.SGLANG;
    }

    @Override
    public Map<String, Aggregation> names() {
        return NAMES;
    }

    @Override
    public EngineSample sample(ParsedMetrics m, long takenNanos) {
        String itl = m.has(ITL + "_count") ? ITL : TPOT_OLD;
        double prompt = m.value(PROMPT_TOKENS);
        double cached = m.value(CACHED_TOKENS);
        // cached prompt tokens over prompt tokens is the prefix cache's hit count over its lookups, in tokens
        return EngineSample.builder(kind(), takenNanos)
                .running(m.value(RUNNING))
                .waiting(m.value(WAITING))
                .kvUsage(m.value(KV_USAGE))
                .prefixCache(m.value(CACHE_HIT_RATE), Double.isNaN(cached) ? Double.NaN : prompt, cached)
                .tokens(prompt, m.value(GENERATION_TOKENS))
                .reportedThroughput(Double.NaN, m.value(GEN_THROUGHPUT))
                .timeToFirstToken(m.value(TTFT + "_sum"), m.value(TTFT + "_count"))
                .interTokenLatency(m.value(itl + "_sum"), m.value(itl + "_count"))
                .build();
    }
}
