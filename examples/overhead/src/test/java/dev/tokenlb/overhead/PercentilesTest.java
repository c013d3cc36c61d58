package dev.tokenlb.overhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static final long[] ONE_TO_HUNDRED = java.util.stream.LongStream.rangeClosed(1, 100).toArray();

    @Test
    void nearestRankIsAnObservedValue() {
        long[] sorted = Percentiles.sorted(new long[] {50, 10, 40, 20, 30});
        assertEquals(30, Percentiles.percentile(sorted, 50));
        assertEquals(50, Percentiles.percentile(sorted, 99));
        assertEquals(10, Percentiles.percentile(sorted, 0));
        assertEquals(50, Percentiles.percentile(sorted, 100));
    }

    @Test
    void percentilesOfOneToHundredAreTheirRanks() {
        assertEquals(50, Percentiles.percentile(ONE_TO_HUNDRED, 50));
        assertEquals(90, Percentiles.percentile(ONE_TO_HUNDRED, 90));
        assertEquals(99, Percentiles.percentile(ONE_TO_HUNDRED, 99));
        assertEquals(100, Percentiles.percentile(ONE_TO_HUNDRED, 99.5));
        assertEquals(50.5, Percentiles.mean(ONE_TO_HUNDRED), 1e-9);
    }

    @Test
    void emptySampleGivesNaN() {
        assertTrue(Double.isNaN(Percentiles.percentile(new long[0], 50)));
        assertTrue(Double.isNaN(Percentiles.mean(new long[0])));
    }

    @Test
    void rejectsPercentileOutsideZeroToHundred() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.percentile(ONE_TO_HUNDRED, 101));
    }

    @Test
    void sortedLeavesTheInputAlone() {
        long[] values = {3, 1, 2};
        Percentiles.sorted(values);
        assertEquals(3, values[0]);
    }
}
