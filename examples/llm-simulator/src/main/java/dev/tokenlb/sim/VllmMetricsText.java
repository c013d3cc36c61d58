package dev.tokenlb.sim;

import java.util.Locale;

/**
 * Renders an engine's state as vLLM's {@code GET /metrics} does: Prometheus text format 0.0.4, a {@code # HELP} and a
 * {@code # TYPE} line per family, every sample labelled {@code model_name="..."}; counters carry the {@code _total}
 * suffix in both lines, as Python's prometheus_client writes them. Families: {@code vllm:num_requests_running},
 * {@code vllm:num_requests_waiting}, {@code vllm:kv_cache_usage_perc} (0..1: KV tokens in use over the budget),
 * {@code vllm:prefix_cache_queries_total}, {@code vllm:prefix_cache_hits_total} (tokens),
 * {@code vllm:prompt_tokens_total}, {@code vllm:generation_tokens_total}, {@code vllm:num_preemptions_total}, and the
 * histograms {@code vllm:time_to_first_token_seconds} and {@code vllm:inter_token_latency_seconds}, and, when the
 * model list names active adapters, {@code vllm:lora_requests_info} (an info gauge: the adapter lists in its labels,
 * the time it was set as its value, as vLLM's v1 engine writes it with LoRA on). Call it on the
 * engine's thread, so that the text is one consistent snapshot. Stateless.
 */
final class VllmMetricsText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private VllmMetricsText() {
    }

    static String render(BatchingEngine engine, String modelName) {
        return render(engine, modelName, ModelList.lenient(modelName));
    }

    static String render(BatchingEngine engine, String modelName, ModelList models) {
        String label = "{model_name=\"" + escape(modelName) + "\"}";
        EngineMetrics m = engine.metrics();
        StringBuilder out = new StringBuilder(4096);
        gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", label,
                engine.runningCount());
        gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", label,
                engine.waitingCount());
        gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", label,
                Math.min(1.0, engine.kvInUse() / (double) engine.config().maxKvTokens()));
        counter(out, "vllm:prefix_cache_queries_total",
                "Prefix cache queries, in terms of number of queried tokens.", label, m.prefixCacheQueries);
        counter(out, "vllm:prefix_cache_hits_total", "Prefix cache hits, in terms of number of cached tokens.",
                label, m.prefixCacheHits);
        counter(out, "vllm:num_preemptions_total", "Cumulative number of preemption from the engine.", label,
                m.preemptions);
        counter(out, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", label, m.promptTokens);
        counter(out, "vllm:generation_tokens_total", "Number of generation tokens processed.", label,
                m.generationTokens);
        histogram(out, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.",
                modelName, m.timeToFirstToken);
        histogram(out, "vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.",
                modelName, m.interTokenLatency);
        if (!models.activeAdapters().isEmpty()) {
            head(out, "vllm:lora_requests_info", "Running stats on lora requests.", "gauge");
            out.append("vllm:lora_requests_info{max_lora=\"").append(models.maxLora())
                    .append("\",running_lora_adapters=\"").append(escape(String.join(",", models.activeAdapters())))
                    .append("\",waiting_lora_adapters=\"\"} ")
                    .append(Double.toString(System.currentTimeMillis() / 1000.0)).append('\n');
        }
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, String label, double value) {
        head(out, name, help, "gauge");
        out.append(name).append(label).append(' ').append(number(value)).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, String label, long value) {
        head(out, name, help, "counter");
        out.append(name).append(label).append(' ').append(number(value)).append('\n');
    }

    private static void histogram(StringBuilder out, String name, String help, String model, Histogram h) {
        head(out, name, help, "histogram");
        String modelLabel = "model_name=\"" + escape(model) + "\"";
        double[] bounds = h.bounds();
        for (int i = 0; i <= bounds.length; i++) {
            String le = i < bounds.length ? number(bounds[i]) : "+Inf";
            out.append(name).append("_bucket{le=\"").append(le).append("\",").append(modelLabel).append("} ")
                    .append(number(h.cumulative(i))).append('\n');
        }
        out.append(name).append("_count{").append(modelLabel).append("} ").append(number(h.count())).append('\n');
        out.append(name).append("_sum{").append(modelLabel).append("} ").append(number(h.sum())).append('\n');
    }

    private static void head(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A sample value as Python's prometheus_client writes it: {@code 3.0}, {@code 0.25}. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%.1f", value) : Double.toString(value);
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
