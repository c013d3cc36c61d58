package dev.tokenlb.engine;

import java.util.Map;

import static dev.tokenlb.engine.Aggregation.SUM;

/**
 * Hugging Face text-generation-inference (the router's metrics; mostly unlabelled). Running is the current batch size,
 * waiting the router's queue. TGI has no token counters: the sums of its per-request histograms of input length and
 * generated tokens stand for them (they grow when a request ends, not while it streams). Its inter-token latency is
 * the histogram of each request's mean time per token; it reports neither KV usage nor time to first token.
 */
final class TgiAdapter implements EngineAdapter {

    static final String RUNNING = "tgi_batch_current_size";
    static final String WAITING = "tgi_queue_size";
    static final String INPUT_LENGTH = "tgi_request_input_length";
    static final String GENERATED_TOKENS = "tgi_request_generated_tokens";
    static final String TIME_PER_TOKEN = "tgi_request_mean_time_per_token_duration";

    private static final Map<String, Aggregation> NAMES = Map.of(
            RUNNING, SUM, WAITING, SUM, INPUT_LENGTH + "_sum", SUM, GENERATED_TOKENS + "_sum", SUM,
            TIME_PER_TOKEN + "_sum", SUM, TIME_PER_TOKEN + "_count", SUM);

    @Override
    public EngineKind kind() {
        return EngineKind.TGI;
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
                .tokens(m.value(INPUT_LENGTH + "_sum"), m.value(GENERATED_TOKENS + "_sum"))
                .interTokenLatency(m.value(TIME_PER_TOKEN + "_sum"), m.value(TIME_PER_TOKEN + "_count"))
                .build();
    }
}
