package dev.tokenlb.engine;

import java.util.Map;

/**
 * What {@link PrometheusText} found in one body: the asked-for names that were present, each folded over its series,
 * and how the body looked. Immutable.
 *
 * @param values       asked-for names present in the body; NaN when every series of a name was NaN
 * @param samples      well-formed sample lines, asked for or not
 * @param garbageLines lines that were neither blank, a comment nor a well-formed sample; skipped
 * @param truncated    the body was cut at the size bound; its last, partial line was not read
 * @param labels       for names folded {@link Aggregation#NEWEST}: the labels of the newest series
 */
record ParsedMetrics(Map<String, Double> values, int samples, int garbageLines, boolean truncated,
                     Map<String, Map<String, String>> labels) {

    ParsedMetrics {
        values = Map.copyOf(values);
        labels = Map.copyOf(labels);
    }

    ParsedMetrics(Map<String, Double> values, int samples, int garbageLines, boolean truncated) {
        this(values, samples, garbageLines, truncated, Map.of());
    }

    /** The labels of a {@link Aggregation#NEWEST} name's newest series; empty when the body did not have it. */
    Map<String, String> labelsOf(String name) {
        return labels.getOrDefault(name, Map.of());
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The folded value of a name; NaN when the body did not have it. */
    double value(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }

    /** The value of the first of these names the body has (a newer name before the older one it replaced). */
    double first(String... names) {
        for (String name : names) {
            Double v = values.get(name);
            if (v != null) {
                return v;
            }
        }
        return Double.NaN;
    }
}
