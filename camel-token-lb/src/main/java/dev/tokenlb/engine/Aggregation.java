package dev.tokenlb.engine;

/**
 * How the series of one metric name are folded into one value, when a server reports several (one per model, per
 * engine core or per data-parallel rank).
 */
enum Aggregation {
    /** Counts and counters add up: requests running on every engine core of the server. */
    SUM,
    /** Ratios take the largest: the server is as full as its fullest KV cache. */
    MAX;

    double fold(double folded, double value) {
        return this == SUM ? folded + value : Math.max(folded, value);
    }
}
