package dev.tokenlb.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentilesTest {

    @Test
    void nearestRankPercentilesAreObservedValues() {
        double[] sorted = Percentiles.sorted(new double[] {5, 1, 4, 2, 3, 6, 7, 8, 9, 10});
        assertEquals(5, Percentiles.percentile(sorted, 50));
        assertEquals(10, Percentiles.percentile(sorted, 95));
        assertEquals(10, Percentiles.percentile(sorted, 99));
        assertEquals(1, Percentiles.percentile(sorted, 1));
        assertEquals(5.5, Percentiles.mean(sorted));
        assertEquals(5.5, Percentiles.median(sorted));
    }

    @Test
    void emptySamplesGiveNaN() {
        assertTrue(Double.isNaN(Percentiles.percentile(new double[0], 50)));
        assertTrue(Double.isNaN(Percentiles.mean(new double[0])));
        assertTrue(Double.isNaN(Percentiles.median(new double[] {Double.NaN})));
    }
}
