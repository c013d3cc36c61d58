package dev.tokenlb.cost;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendSpeedsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void ranksASlowerBackendBelowAFasterOne() {
        BackendSpeeds speeds = new BackendSpeeds(3);
        for (int i = 0; i < 20; i++) {
            speeds.observeDecode(0, 100, SECOND);      // 100 tokens/s
            speeds.observeDecode(1, 100, SECOND);      // 100 tokens/s
            speeds.observeDecode(2, 100, 2 * SECOND);  // 50 tokens/s: half as fast
        }
        assertEquals(1.0, speeds.relativeSpeed(0), 0.01);
        assertEquals(0.5, speeds.relativeSpeed(2), 0.01);
        assertTrue(speeds.relativeSpeed(2) < speeds.relativeSpeed(1));
    }

    @Test
    void countsAsNominalSpeedUntilItHasEnoughSamples() {
        BackendSpeeds speeds = new BackendSpeeds(2);
        for (int i = 0; i < BackendSpeeds.MIN_SAMPLES - 1; i++) {
            speeds.observeDecode(0, 100, 10 * SECOND);
        }
        assertEquals(1.0, speeds.relativeSpeed(0));
        speeds.observeDecode(0, 2, SECOND); // too few tokens to count
        speeds.observeDecode(0, 100, 1_000_000); // too short a time to count
        assertEquals(BackendSpeeds.MIN_SAMPLES - 1, speeds.samples(0));
    }

    @Test
    void longRepliesOutweighShortBurstyOnes() {
        BackendSpeeds speeds = new BackendSpeeds(2);
        for (int i = 0; i < 20; i++) {
            speeds.observeDecode(0, 500, 5 * SECOND);               // 100 tokens/s over long replies
            speeds.observeDecode(0, 10, SECOND / 40);               // a burst: 400 tokens/s over 25 ms
            speeds.observeDecode(1, 500, 5 * SECOND);
        }
        assertTrue(speeds.decodeTokensPerSecond(0) < 110, "rate " + speeds.decodeTokensPerSecond(0));
        assertEquals(1.0, speeds.relativeSpeed(0), 0.1);
    }

    @Test
    void clampsExtremeRatios() {
        BackendSpeeds speeds = new BackendSpeeds(3);
        for (int i = 0; i < 10; i++) {
            speeds.observeDecode(0, 1000, SECOND);
            speeds.observeDecode(1, 1000, SECOND);
            speeds.observeDecode(2, 10, 100 * SECOND);
        }
        assertEquals(1 / BackendSpeeds.CLAMP, speeds.relativeSpeed(2), 1e-9);
    }
}
