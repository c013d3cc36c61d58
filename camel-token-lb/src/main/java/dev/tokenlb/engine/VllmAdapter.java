package dev.tokenlb.engine;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static dev.tokenlb.engine.Aggregation.MAX;
import static dev.tokenlb.engine.Aggregation.NEWEST;
import static dev.tokenlb.engine.Aggregation.SUM;

/**
 * vLLM ({@code vllm/v1/metrics/loggers.py}; labels {@code model_name}, {@code engine}, one series per engine core
 * under data parallelism). The v1 names come first, the v0 / pre-0.9 names they replaced second.
 */
final class VllmAdapter implements EngineAdapter {

    static final String RUNNING = "vllm:num_requests_running";
    static final String WAITING = "vllm:num_requests_waiting";
    static final String KV_USAGE = "vllm:kv_cache_usage_perc"; // a fraction 0..1 despite the name
    static final String KV_USAGE_OLD = "vllm:gpu_cache_usage_perc";
    static final String PREFIX_HIT_RATE_V0 = "vllm:gpu_prefix_cache_hit_rate";
    static final String PREFIX_QUERIES = "vllm:prefix_cache_queries_total";
    static final String PREFIX_QUERIES_OLD = "vllm:gpu_prefix_cache_queries_total";
    static final String PREFIX_HITS = "vllm:prefix_cache_hits_total";
    static final String PREFIX_HITS_OLD = "vllm:gpu_prefix_cache_hits_total";
    static final String PROMPT_TOKENS = "vllm:prompt_tokens_total";
    static final String GENERATION_TOKENS = "vllm:generation_tokens_total";
    static final String TTFT = "vllm:time_to_first_token_seconds";
    static final String ITL = "vllm:inter_token_latency_seconds";
    static final String TPOT_OLD = "vllm:time_per_output_token_seconds";
    static final String PREFILL = "vllm:request_prefill_time_seconds";
    /** An info gauge: labels {@code running_lora_adapters}, {@code waiting_lora_adapters}, {@code max_lora}. */
    static final String LORA_INFO = "vllm:lora_requests_info";

    private static final Map<String, Aggregation> NAMES = Map.ofEntries(
            Map.entry(RUNNING, SUM), Map.entry(WAITING, SUM),
            Map.entry(KV_USAGE, MAX), Map.entry(KV_USAGE_OLD, MAX), Map.entry(PREFIX_HIT_RATE_V0, MAX),
            Map.entry(PREFIX_QUERIES, SUM), Map.entry(PREFIX_QUERIES_OLD, SUM),
            Map.entry(PREFIX_HITS, SUM), Map.entry(PREFIX_HITS_OLD, SUM),
            Map.entry(PROMPT_TOKENS, SUM), Map.entry(GENERATION_TOKENS, SUM),
            Map.entry(TTFT + "_sum", SUM), Map.entry(TTFT + "_count", SUM),
            Map.entry(ITL + "_sum", SUM), Map.entry(ITL + "_count", SUM),
            Map.entry(TPOT_OLD + "_sum", SUM), Map.entry(TPOT_OLD + "_count", SUM),
            Map.entry(PREFILL + "_sum", SUM), Map.entry(PREFILL + "_count", SUM),
            Map.entry(LORA_INFO, NEWEST));

    @Override
    public EngineKind kind() {
        return EngineKind.VLLM;
    }

    @Override
    public Map<String, Aggregation> names() {
        return NAMES;
    }

    @Override
    public EngineSample sample(ParsedMetrics m, long takenNanos) {
        // inter-token latency replaced time-per-output-token; take one histogram whole, never a sum of one and a count
        // of the other
        String itl = m.has(ITL + "_count") ? ITL : TPOT_OLD;
        return EngineSample.builder(kind(), takenNanos)
                .running(m.value(RUNNING))
                .waiting(m.value(WAITING))
                .kvUsage(m.first(KV_USAGE, KV_USAGE_OLD))
                .prefixCache(m.value(PREFIX_HIT_RATE_V0), m.first(PREFIX_QUERIES, PREFIX_QUERIES_OLD),
                        m.first(PREFIX_HITS, PREFIX_HITS_OLD))
                .tokens(m.value(PROMPT_TOKENS), m.value(GENERATION_TOKENS))
                .timeToFirstToken(m.value(TTFT + "_sum"), m.value(TTFT + "_count"))
                .interTokenLatency(m.value(itl + "_sum"), m.value(itl + "_count"))
                .prefillTime(m.value(PREFILL + "_sum"), m.value(PREFILL + "_count"))
                .lora(activeAdapters(m.labelsOf(LORA_INFO)), maxLora(m.labelsOf(LORA_INFO)))
                .build();
    }

    /**
     * Adapters running or waiting: a waiting request's adapter is loaded before it runs, so it is as good as active for
     * the next request naming it.
     */
    static Set<String> activeAdapters(Map<String, String> labels) {
        Set<String> out = new HashSet<>();
        for (String key : new String[] {"running_lora_adapters", "waiting_lora_adapters"}) {
            for (String name : labels.getOrDefault(key, "").split(",")) {
                if (!name.isBlank()) {
                    out.add(name.trim());
                }
            }
        }
        return out;
    }

    private static double maxLora(Map<String, String> labels) {
        try {
            return Double.parseDouble(labels.getOrDefault("max_lora", "NaN").trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
