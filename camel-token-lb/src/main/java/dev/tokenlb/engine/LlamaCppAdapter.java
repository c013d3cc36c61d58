package dev.tokenlb.engine;

import java.util.Map;

import static dev.tokenlb.engine.Aggregation.MAX;
import static dev.tokenlb.engine.Aggregation.SUM;

/**
 * llama.cpp's {@code llama-server --metrics} (no labels, one series per name). {@code requests_processing} are the busy
 * slots, {@code requests_deferred} the requests waiting for one. {@code kv_cache_usage_ratio} was dropped by newer
 * builds; then KV usage is NaN. There are no latency histograms, but the server reports its own recent throughputs.
 */
final class LlamaCppAdapter implements EngineAdapter {

    static final String RUNNING = "llamacpp:requests_processing";
    static final String WAITING = "llamacpp:requests_deferred";
    static final String KV_USAGE = "llamacpp:kv_cache_usage_ratio";
    static final String PROMPT_TOKENS = "llamacpp:prompt_tokens_total";
    static final String GENERATION_TOKENS = "llamacpp:tokens_predicted_total";
    static final String PROMPT_THROUGHPUT = "llamacpp:prompt_tokens_seconds";
    static final String GEN_THROUGHPUT = "llamacpp:predicted_tokens_seconds";

    private static final Map<String, Aggregation> NAMES = Map.of(
            RUNNING, SUM, WAITING, SUM, KV_USAGE, MAX, PROMPT_TOKENS, SUM, GENERATION_TOKENS, SUM,
            PROMPT_THROUGHPUT, SUM, GEN_THROUGHPUT, SUM);

    @Override
    public EngineKind kind() {
        return EngineKind.LLAMA_CPP;
    }

    @Override
    public Map<String, Aggregation> names() {
        return NAMES;
    }

    @Override
    public EngineSample sample(ParsedMetrics m, long takenNanos) {
        return EngineSample.builder(kind(), takenNanos)
                .running(m.value(RUNNING))
                .waiting(m.value(WAITING))
                .kvUsage(m.value(KV_USAGE))
                .tokens(m.value(PROMPT_TOKENS), m.value(GENERATION_TOKENS))
                .reportedThroughput(m.value(PROMPT_THROUGHPUT), m.value(GEN_THROUGHPUT))
                .build();
    }
}
