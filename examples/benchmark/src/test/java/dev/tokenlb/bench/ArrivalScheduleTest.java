package dev.tokenlb.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrivalScheduleTest {

    @Test
    void arrivalsComeAtTheMeanRateInAscendingOrder() {
        long[] offsets = ArrivalSchedule.poisson(3, 20.0, 20_000);
        assertEquals(0, offsets[0]);
        for (int i = 1; i < offsets.length; i++) {
            assertTrue(offsets[i] >= offsets[i - 1]);
        }
        double seconds = offsets[offsets.length - 1] / 1e9;
        assertEquals(20.0, (offsets.length - 1) / seconds, 0.5);
    }

    @Test
    void sameSeedGivesTheSamePatternStretchedByTheRate() {
        long[] fast = ArrivalSchedule.poisson(9, 20.0, 100);
        long[] slow = ArrivalSchedule.poisson(9, 10.0, 100);
        assertArrayEquals(fast, ArrivalSchedule.poisson(9, 20.0, 100));
        for (int i = 0; i < fast.length; i++) {
            assertEquals(2.0 * fast[i], slow[i], 2.0);
        }
    }
}
