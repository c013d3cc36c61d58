package dev.tokenlb.capacity;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PercentileTest {

    @Test
    void takesTheNearestRank() {
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, Percentile.of(v, 0.5));
        assertEquals(10, Percentile.of(v, 0.99));
        assertEquals(1, Percentile.of(v, 0.0));
        assertEquals(-1, Percentile.of(new double[0], 0.5));
    }

    @Test
    void parsesOptionsAndDerivesTheGatewayLimit() {
        CapacityOptions o = CapacityOptions.parse(new String[] {"--streams", "100", "--jvm-opt", "-Dx=1"});
        assertEquals(164, o.maxConcurrent);
        assertEquals(java.util.List.of("-Dx=1"), o.jvmOptions);
        assertEquals(0, CapacityOptions.parse(new String[] {"--max-concurrent", "default"}).maxConcurrent,
                "default: the gateway's own sizing");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CapacityOptions.parse(new String[] {"--streams", "0"}));
    }
}
