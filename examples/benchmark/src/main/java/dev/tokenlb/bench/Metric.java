package dev.tokenlb.bench;

import java.util.function.ToDoubleFunction;

/**
 * The figures compared between contenders, each with its ratio to the baseline (round robin) in the same run. Lower is
 * better for every latency figure; higher for throughput.
 */
enum Metric {
    MEAN("mean", "latency mean ms", RunSummary::meanMs),
    P50("p50", "latency p50 ms", RunSummary::p50Ms),
    P95("p95", "latency p95 ms", RunSummary::p95Ms),
    P99("p99", "latency p99 ms", RunSummary::p99Ms),
    TTFT_MEAN("ttft_mean", "TTFT mean ms", RunSummary::ttftMeanMs),
    TTFT_P99("ttft_p99", "TTFT p99 ms", RunSummary::ttftP99Ms),
    TOKENS_PER_S("out_tok_s", "output tok/s", RunSummary::outputTokensPerS);

    private final String key;
    private final String label;
    private final ToDoubleFunction<RunSummary> value;

    Metric(String key, String label, ToDoubleFunction<RunSummary> value) {
        this.key = key;
        this.label = label;
        this.value = value;
    }

    /** The column name in CSV and JSON. */
    String key() {
        return key;
    }

    /** The heading in the console table. */
    String label() {
        return label;
    }

    double of(RunSummary summary) {
        return value.applyAsDouble(summary);
    }

    /** This figure relative to the baseline's; NaN when either is missing or the baseline is 0. */
    double ratio(RunSummary summary, RunSummary baseline) {
        if (baseline == null) {
            return Double.NaN;
        }
        double base = of(baseline);
        double mine = of(summary);
        return base == 0 || Double.isNaN(base) || Double.isNaN(mine) ? Double.NaN : mine / base;
    }
}
