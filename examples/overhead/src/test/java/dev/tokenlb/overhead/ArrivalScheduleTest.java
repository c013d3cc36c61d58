package dev.tokenlb.overhead;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenlb.overhead.ArrivalSchedule.Kind;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    @Test
    void uniformArrivalsAreEvenlySpacedAtTheRate() {
        long[] offsets = ArrivalSchedule.offsets(Kind.UNIFORM, 200, 5, 1);
        assertEquals(1000, offsets.length);
        assertEquals(0, offsets[0]);
        for (int i = 1; i < offsets.length; i++) {
            assertEquals(5_000_000, offsets[i] - offsets[i - 1]);
        }
    }

    @Test
    void uniformArrivalsOfAFractionalGapDoNotDrift() {
        long[] offsets = ArrivalSchedule.offsets(Kind.UNIFORM, 3, 1, 1); // gaps of 333.33 ms
        assertArrayEquals(new long[] {0, 333_333_333, 666_666_667}, offsets);
    }

    @Test
    void poissonArrivalsKeepTheMeanRateWithinTheWindow() {
        long[] offsets = ArrivalSchedule.offsets(Kind.POISSON, 1000, 20, 7);
        assertEquals(20_000, offsets.length, 600); // about 4 standard deviations
        for (int i = 1; i < offsets.length; i++) {
            assertTrue(offsets[i] >= offsets[i - 1]);
        }
        assertTrue(offsets[offsets.length - 1] < 20_000_000_000L);
    }

    @Test
    void sameSeedGivesTheSamePoissonPattern() {
        assertArrayEquals(ArrivalSchedule.offsets(Kind.POISSON, 200, 2, 3), ArrivalSchedule.offsets(Kind.POISSON, 200,
                                                                                                    2, 3));
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> ArrivalSchedule.offsets(Kind.UNIFORM, 0, 5, 1));
    }

    @Test
    void parsesKindNamesInAnyCase() {
        assertEquals(Kind.POISSON, Kind.parse("Poisson"));
        assertThrows(IllegalArgumentException.class, () -> Kind.parse("bursty"));
    }
}
