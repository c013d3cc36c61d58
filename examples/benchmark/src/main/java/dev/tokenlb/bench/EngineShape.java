package dev.tokenlb.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.tokenlb.sim.SimulatorConfig;

/**
 * Changes to the simulated engine's latency model ({@code --engine KEY=VALUE,...}), so that a policy can be tried on
 * engines unlike the default one without recompiling: few slots as in a llama.cpp server ({@code max-running=4}), a
 * slow prefill ({@code prefill-tps=4000}), a batch that costs nothing ({@code step-per-seq-ms=0}), no metrics
 * ({@code metrics=off}), no prefix cache ({@code prefix-cache-blocks=0}). Immutable; empty means the defaults.
 *
 * @param settings the given keys and values, in order
 */
record EngineShape(Map<String, String> settings) {

    static final String KEYS = "max-running, max-kv-tokens, prefill-per-step, prefill-tps, step-base-ms, "
                               + "step-per-seq-ms, step-per-kkv-ms, prefix-cache-blocks, metrics";

    static final EngineShape DEFAULT = new EngineShape(Map.of());

    EngineShape {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** @throws IllegalArgumentException naming the bad key or value */
    static EngineShape parse(String spec) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--engine expects KEY=VALUE pairs, was '" + pair.trim() + "'");
            }
            settings.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1).trim());
        }
        EngineShape shape = new EngineShape(settings);
        shape.apply(SimulatorConfig.defaults().toBuilder()).build(); // fails now on a bad key or value
        return shape;
    }

    SimulatorConfig.Builder apply(SimulatorConfig.Builder b) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String v = e.getValue();
            try {
                switch (e.getKey()) {
                    case "max-running" -> b.maxRunningSequences(Integer.parseInt(v));
                    case "max-kv-tokens" -> b.maxKvTokens(Integer.parseInt(v));
                    case "prefill-per-step" -> b.maxPrefillTokensPerStep(Integer.parseInt(v));
                    case "prefill-tps" -> b.prefillTokensPerSecond(Double.parseDouble(v));
                    case "step-base-ms" -> b.decodeStepBaseMillis(Double.parseDouble(v));
                    case "step-per-seq-ms" -> b.decodeStepPerSequenceMillis(Double.parseDouble(v));
                    case "step-per-kkv-ms" -> b.decodeStepPerThousandKvTokensMillis(Double.parseDouble(v));
                    case "prefix-cache-blocks" -> b.prefixCacheBlocks(Integer.parseInt(v));
                    case "metrics" -> b.metricsEnabled(switch (v.toLowerCase(Locale.ROOT)) {
                        case "on", "true" -> true;
                        case "off", "false" -> false;
                        default -> throw new NumberFormatException(v);
                    });
                    default -> throw new IllegalArgumentException("--engine: unknown key '" + e.getKey()
                            + "'; known: " + KEYS);
                }
            } catch (NumberFormatException bad) {
                throw new IllegalArgumentException("--engine: " + e.getKey() + " expects a number (metrics: on or off),"
                        + " was '" + v + "'");
            }
        }
        return b;
    }

    @Override
    public String toString() {
        if (settings.isEmpty()) {
            return "default engine";
        }
        StringBuilder sb = new StringBuilder("engine ");
        settings.forEach((k, v) -> sb.append(sb.length() > 7 ? "," : "").append(k).append('=').append(v));
        return sb.toString();
    }
}
