package dev.tokenlb.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The composed /metrics texts of each engine, under src/test/resources/engine-metrics/. */
final class EngineMetricsSamples {

    private EngineMetricsSamples() {
    }

    static String read(String name) {
        try (InputStream in = EngineMetricsSamples.class.getResourceAsStream("/engine-metrics/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a sample with every known engine's names, as the scraper does before it knows the engine. */
    static ParsedMetrics parse(String name) {
        return PrometheusText.parse(read(name), EngineAdapters.ALL_NAMES);
    }
}
