package dev.tokenlb.balance;

import dev.tokenlb.engine.EngineKind;
import dev.tokenlb.engine.EngineSample;
import dev.tokenlb.engine.ScrapeReport;
import dev.tokenlb.engine.ScrapeState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSlotsTest {

    private static final double NAN = Double.NaN;

    private static ScrapeReport scrape(int i, ScrapeState state, double running, double waiting) {
        EngineSample s = new EngineSample(EngineKind.LLAMA_CPP, 0, running, waiting, 0.5, NAN, NAN, NAN, NAN, NAN, NAN,
                NAN, NAN, NAN, NAN, NAN, NAN, NAN);
        return new ScrapeReport(i, state, s, null, 1_000_000, 100, 0, false);
    }

    @Test
    void anEngineSeenWithAQueueIsFullAtWhatItRuns() {
        EngineSlots slots = new EngineSlots(2);
        slots.scraped(scrape(0, ScrapeState.OK, 3, 0));
        assertEquals(Double.POSITIVE_INFINITY, slots.slots(0), "no queue seen: no known bound");
        slots.scraped(scrape(0, ScrapeState.OK, 4, 2));
        assertEquals(4, slots.slots(0));
        assertEquals(Double.POSITIVE_INFINITY, slots.slots(1), "each target on its own");
        for (int k = 0; k < 30; k++) {
            slots.scraped(scrape(0, ScrapeState.OK, k % 2 == 0 ? 10 : 12, 1)); // KV-bound: runs 10 to 12 when full
        }
        assertTrue(slots.slots(0) > 10 && slots.slots(0) < 12, "smoothed: " + slots.slots(0));
        slots.scraped(scrape(0, ScrapeState.OK, 16, 0));
        assertEquals(16, slots.slots(0), "running more than the bound shows a higher bound at once");
    }

    @Test
    void failedOrUninformativeScrapesTeachNothing() {
        EngineSlots slots = new EngineSlots(1);
        slots.scraped(scrape(0, ScrapeState.FAILING, 4, 3));
        slots.scraped(scrape(0, ScrapeState.OK, 0, 3)); // queued behind nothing: a starting engine, not a bound
        slots.scraped(scrape(0, ScrapeState.OK, 4, NAN)); // no queue reported
        assertEquals(Double.POSITIVE_INFINITY, slots.slots(0));
    }

    @Test
    void theMeanReplyLengthFollowsFinishedReplies() {
        EngineSlots slots = new EngineSlots(1);
        assertTrue(Double.isNaN(slots.meanOutputTokens()));
        slots.replied(100);
        assertEquals(100, slots.meanOutputTokens());
        for (int k = 0; k < 500; k++) {
            slots.replied(300);
        }
        assertEquals(300, slots.meanOutputTokens(), 1);
    }
}
