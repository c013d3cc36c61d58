package dev.tokenlb.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The models a simulated backend serves, as {@code GET /v1/models} lists them: ids, each LoRA adapter with its
 * {@code parent}, as vLLM lists them. A list given explicitly is strict: a request naming another model gets vLLM's
 * 404. The default list (the config's one model id) is lenient: any model is served under its own name. Immutable.
 */
public final class ModelList {

    private final Map<String, String> parents;
    private final boolean strict;
    /** Adapters reported as running in vLLM's {@code vllm:lora_requests_info}; empty: the family is not written. */
    private final List<String> activeAdapters;
    private final int maxLora;

    private ModelList(Map<String, String> parents, boolean strict) {
        this(parents, strict, List.of(), 0);
    }

    private ModelList(Map<String, String> parents, boolean strict, List<String> activeAdapters, int maxLora) {
        this.parents = parents;
        this.strict = strict;
        this.activeAdapters = activeAdapters;
        this.maxLora = maxLora;
    }

    /**
     * This list, its engine reporting these adapters as running (vLLM's {@code lora_requests_info}, with
     * {@code max_lora} as given) in {@code GET /metrics}.
     */
    ModelList withActiveAdapters(List<String> adapters, int maxLora) {
        if (maxLora < 1) {
            throw new IllegalArgumentException("maxLora must be >= 1, was " + maxLora);
        }
        return new ModelList(parents, strict, List.copyOf(adapters), maxLora);
    }

    /** Adapters the engine reports running; empty when it reports no LoRA state. */
    List<String> activeAdapters() {
        return activeAdapters;
    }

    int maxLora() {
        return maxLora;
    }

    /** The lenient default: one model listed, any served. */
    static ModelList lenient(String modelId) {
        return new ModelList(Map.of(modelId, ""), false);
    }

    /**
     * A strict list such as {@code llama-3-70b,sql-lora@llama-3-70b}: comma-separated ids, an adapter as
     * {@code id@parent}.
     */
    public static ModelList parse(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int at = e.indexOf('@');
            m.put(at < 0 ? e : e.substring(0, at).trim(), at < 0 ? "" : e.substring(at + 1).trim());
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one model, was '" + spec + "'");
        }
        return new ModelList(Collections.unmodifiableMap(m), true);
    }

    /** True when a request for the model is served: it is listed, or the list is lenient. */
    boolean serves(String model) {
        return !strict || parents.containsKey(model);
    }

    /** The first model listed: what a request naming none is answered as. */
    String first() {
        return parents.keySet().iterator().next();
    }

    public boolean strict() {
        return strict;
    }

    JsonObject toJson(long created) {
        JsonArray data = new JsonArray();
        for (Map.Entry<String, String> m : parents.entrySet()) {
            JsonObject model = new JsonObject().put("id", m.getKey()).put("object", "model").put("created", created)
                    .put("owned_by", "llm-simulator").put("root", m.getKey());
            if (m.getValue().isEmpty()) {
                model.putNull("parent");
            } else {
                model.put("parent", m.getValue());
            }
            data.add(model);
        }
        return new JsonObject().put("object", "list").put("data", data);
    }

    @Override
    public String toString() {
        return String.join(",", parents.keySet()) + (strict ? "" : " (lenient)");
    }
}
