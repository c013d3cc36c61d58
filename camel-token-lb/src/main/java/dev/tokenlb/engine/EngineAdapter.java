package dev.tokenlb.engine;

import java.util.Map;

/**
 * One engine's metric names: which families to read from its {@code /metrics}, and how they become an
 * {@link EngineSample}. Implementations are stateless and thread-safe.
 */
interface EngineAdapter {

    EngineKind kind();

    /** The sample names this engine's values are read from, with how to fold each one's series. */
    Map<String, Aggregation> names();

    EngineSample sample(ParsedMetrics metrics, long takenNanos);

    /** How many of this engine's names the body has: 0 means it is not this engine. */
    default int score(ParsedMetrics metrics) {
        int n = 0;
        for (String name : names().keySet()) {
            if (metrics.has(name)) {
                n++;
            }
        }
        return n;
    }
}
