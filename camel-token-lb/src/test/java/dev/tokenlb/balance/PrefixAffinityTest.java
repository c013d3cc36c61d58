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
        affinity.sent(1, prompt(system, "q1"), 0, 0, 1_000);
        long[] cached = affinity.cachedTokens(prompt(system, "q2"), 1_000, 0);
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
                affinity.sent(0, p, 1_000, 0, 1_000); // we predict 10,000 cached tokens per window...
            }
            affinity.scraped(0, hits(window * 1_000.0)); // ...the engine finds 1,000
        }
        assertEquals(0.1, affinity.trust(0), 0.05);
        long[] cached = affinity.cachedTokens(p, 1_000, 0);
        assertTrue(cached[0] < 200, "predictions scaled by the trust: " + cached[0]);
    }

    @Test
    void anEngineWithoutHitCountersKeepsFullTrust() {
        PrefixAffinity affinity = new PrefixAffinity(1, 100_000);
        PromptPrefix p = prompt("Shared context. ".repeat(200), "q");
        for (int k = 0; k < 50; k++) {
            affinity.sent(0, p, 1_000, 0, 1_000);
            affinity.scraped(0, hits(NAN));
        }
        assertEquals(1.0, affinity.trust(0));
    }

    @Test
    void anEngineThatRestartedHasAnEmptyCache() {
        PrefixAffinity affinity = new PrefixAffinity(1, 100_000);
        PromptPrefix p = prompt("Shared context. ".repeat(200), "q");
        affinity.scraped(0, hits(50_000));
        affinity.sent(0, p, 0, 0, 1_000);
        assertTrue(affinity.cachedTokens(p, 1_000, 0)[0] > 0);
        affinity.scraped(0, hits(10)); // the counter went back: a new process
        assertEquals(0, affinity.cachedTokens(p, 1_000, 0)[0]);
    }

    /** The same conversation as another client library writes it: other spacing, so its raw bytes differ. */
    private static PromptPrefix spaced(String system, String question) {
        return PromptPrefix.of("{\"messages\": [{\"role\": \"system\", \"content\": \"" + system + "\"}, "
                               + "{\"role\": \"user\", \"content\": \"" + question + "\"}]}");
    }

    @Test
    void aSessionsNextTurnFindsItsLastPromptWhereItWentEvenWhenItsBytesDiffer() {
        PrefixAffinity affinity = new PrefixAffinity(3, 100_000);
        String system = "Answer in French. ".repeat(200);
        long session = dev.tokenlb.prefix.SessionTable.key("conversation-7");
        affinity.sent(2, prompt(system, "q1"), 0, session, 1_000);

        long[] withoutSession = affinity.cachedTokens(spaced(system, "q1 and q2"), 1_100, 0);
        assertEquals(0, withoutSession[2], "the raw bytes differ from the first block on");
        long[] cached = affinity.cachedTokens(spaced(system, "q1 and q2"), 1_100, session);
        assertEquals(0, cached[0]);
        assertEquals(0, cached[1]);
        assertTrue(cached[2] > 900 && cached[2] <= 1_000, "about the last prompt's tokens: " + cached[2]);
        assertEquals(0, affinity.cachedTokens(spaced(system, "q"), 1_100,
                dev.tokenlb.prefix.SessionTable.key("another"))[2], "another session claims nothing");
        assertEquals(300, affinity.cachedTokens(spaced(system, "q"), 300, session)[2],
                "never more than the new prompt itself");
    }

    @Test
    void aSessionClaimsNothingWhereTheIndexNoLongerHoldsItsPrompt() {
        PrefixAffinity affinity = new PrefixAffinity(1, 100_000);
        long session = dev.tokenlb.prefix.SessionTable.key("c");
        PromptPrefix p = prompt("Shared context. ".repeat(200), "q");
        affinity.scraped(0, hits(50_000));
        affinity.sent(0, p, 0, session, 1_000);
        assertTrue(affinity.cachedTokens(spaced("x", "y"), 1_000, session)[0] > 0);
        affinity.scraped(0, hits(10)); // the engine restarted: its cache, and the session's prompt, are gone
        assertEquals(0, affinity.cachedTokens(spaced("x", "y"), 1_000, session)[0]);
    }
}
