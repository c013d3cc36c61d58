package dev.tokenlb.engine;

/**
 * How the series of one metric name are folded into one value, when a server reports several (one per model, per
 * engine core or per data-parallel rank).
 */
enum Aggregation {
    /** Counts and counters add up: requests running on every engine core of the server. */
    SUM,
    /** Ratios take the largest: the server is as full as its fullest KV cache. */
    MAX,
    /**
     * The newest series wins, labels and all: for an info gauge whose labels carry the state and whose value is the
     * time it was set (vLLM's {@code vllm:lora_requests_info}). prometheus_client keeps every label set it ever saw as
     * a series, so only the one with the largest value is current; its labels are kept ({@link ParsedMetrics#labels}).
     */
    NEWEST;

    double fold(double folded, double value) {
        return this == SUM ? folded + value : Math.max(folded, value);
    }
}
