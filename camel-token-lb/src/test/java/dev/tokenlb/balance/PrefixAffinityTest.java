package dev.tokenlb.balance;

import dev.tokenlb.engine.EngineKind;
import dev.tokenlb.engine.EngineSample;
import dev.tokenlb.prefix.PromptPrefix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixAffinityTest {

    private static final double NAN = Double.NaN;

    private static EngineSample hits(double hits) {
        return new EngineSample(EngineKind.VLLM, 0, 1, 0, 0.1, NAN, hits * 2, hits, NAN, NAN, NAN, NAN, NAN, NAN,
                NAN, NAN, NAN, NAN);
    }

    private static PromptPrefix prompt(String system, String question) {
        return PromptPrefix.of("{\"messages\":[{\"role\":\"system\",\"content\":\"" + system + "\"},"
                               + "{\"role\":\"user\",\"content\":\"" + question + "\"}]}");
    }

    @Test
    void aPrefixSentToATargetIsFoundThereOnly() {
        PrefixAffinity affinity = new PrefixAffinity(3, 100_000);
        String system = "Answer in French. ".repeat(200);
        affinity.sent(1, prompt(system, "q1"), 0);
        long[] cached = affinity.cachedTokens(prompt(system, "q2"), 1_000);
        assertEquals(0, cached[0]);
        assertTrue(cached[1] > 900, "most of the prompt is the shared system text: " + cached[1]);
        assertEquals(0, cached[2]);
    }

    @Test
    void anEngineThatHitsLessThanPredictedIsTrustedLess() {
        PrefixAffinity affinity = new PrefixAffinity(1, 100_000);
        PromptPrefix p = prompt("Shared context. ".repeat(200), "q");
        affinity.scraped(0, hits(0));
        for (int window = 1; window <= 10; window++) {
            for (int k = 0; k < 10; k++) {
                affinity.sent(0, p, 1_000); // we predict 10,000 cached tokens per window...
            }
            affinity.scraped(0, hits(window * 1_000.0)); // ...the engine finds 1,000
        }
        assertEquals(0.1, affinity.trust(0), 0.05);
        long[] cached = affinity.cachedTokens(p, 1_000);
        assertTrue(cached[0] < 200, "predictions scaled by the trust: " + cached[0]);
    }

    @Test
    void anEngineWithoutHitCountersKeepsFullTrust() {
        PrefixAffinity affinity = new PrefixAffinity(1, 100_000);
        PromptPrefix p = prompt("Shared context. ".repeat(200), "q");
        for (int k = 0; k < 50; k++) {
            affinity.sent(0, p, 1_000);
            affinity.scraped(0, hits(NAN));
        }
        assertEquals(1.0, affinity.trust(0));
    }

    @Test
    void anEngineThatRestartedHasAnEmptyCache() {
        PrefixAffinity affinity = new PrefixAffinity(1, 100_000);
        PromptPrefix p = prompt("Shared context. ".repeat(200), "q");
        affinity.scraped(0, hits(50_000));
        affinity.sent(0, p, 0);
        assertTrue(affinity.cachedTokens(p, 1_000)[0] > 0);
        affinity.scraped(0, hits(10)); // the counter went back: a new process
        assertEquals(0, affinity.cachedTokens(p, 1_000)[0]);
    }
}
