package dev.tokenlb.engine;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The known engines' adapters, the union of their names, and detection of which engine a body came from. */
final class EngineAdapters {

    static final List<EngineAdapter> ALL = List.of(new VllmAdapter(), new SglangAdapter(), new LlamaCppAdapter(),
            new TgiAdapter());

    /** Every known name: one parse of a body is enough to detect the engine and read it. */
    static final Map<String, Aggregation> ALL_NAMES;

    private static final Map<EngineKind, EngineAdapter> BY_KIND = new EnumMap<>(EngineKind.class);

    static {
        Map<String, Aggregation> names = new HashMap<>();
        for (EngineAdapter adapter : ALL) {
            names.putAll(adapter.names());
            BY_KIND.put(adapter.kind(), adapter);
        }
        ALL_NAMES = Map.copyOf(names);
    }

    private EngineAdapters() {
    }

    static EngineAdapter of(EngineKind kind) {
        return BY_KIND.get(kind);
    }

    /**
     * The engine whose names the body has most of (each engine has its own prefix, so in practice only one has any);
     * a tie goes to the earlier in {@link EngineKind} order. Null when the body has none of the known names.
     */
    static EngineAdapter detect(ParsedMetrics metrics) {
        EngineAdapter best = null;
        int bestScore = 0;
        for (EngineAdapter adapter : ALL) {
            int score = adapter.score(metrics);
            if (score > bestScore) {
                best = adapter;
                bestScore = score;
            }
        }
        return best;
    }
}
