package dev.tokenlb.gateway.ops;

import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelTrafficTest {

    @Test
    void aModelNoBackendListsIsCountedAsOtherAndNoModelAsNone() {
        ModelTraffic t = new ModelTraffic(new SimpleMeterRegistry(), Set.of("llama")::contains);
        t.routed("llama", 10);
        t.routed("no-such", 5);
        t.routed(null, 1);
        t.rejected("no-such-either");
        assertEquals("llama", t.tag("llama"));
        assertEquals(ModelTraffic.OTHER, t.tag("no-such"));
        assertEquals(3, t.figures().size());
        ModelTraffic.Figures other = t.figures().stream().filter(f -> f.model().equals("other")).findFirst()
                .orElseThrow();
        assertEquals(1, other.requests());
        assertEquals(5, other.promptTokens());
        assertEquals(1, other.rejected());
    }

    @Test
    void evenListedNamesStopGettingTheirOwnSeriesPastTheBound() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ModelTraffic t = new ModelTraffic(registry, m -> true); // a backend that says it serves anything
        for (int i = 0; i < 1_000; i++) {
            t.routed("model-" + i, 1);
            t.replied("model-" + i, 2);
        }
        assertEquals(ModelTraffic.MAX_MODELS + 1, t.figures().size(), "the first MAX_MODELS names, then other");
        assertEquals(ModelTraffic.MAX_MODELS + 1, registry.find("tokenlb.model.requests").counters().size());
        assertEquals(1_000 - ModelTraffic.MAX_MODELS, (long) registry.get("tokenlb.model.requests")
                .tag("model", "other").counter().count());
        assertEquals("model-0", t.tag("model-0"), "a name that has its series keeps it");
    }

    @Test
    void aModelNamedOtherOrNoneCannotPassForTheSharedSeries() {
        ModelTraffic t = new ModelTraffic(new SimpleMeterRegistry(), m -> true);
        assertEquals(ModelTraffic.OTHER, t.tag("none"));
        assertEquals(ModelTraffic.OTHER, t.tag("other"));
    }
}
