package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SimulatorArgsTest {

    @Test
    void speedsSetTheNumberOfBackendsAndOptionsReachTheConfiguration() {
        SimulatorArgs args = SimulatorArgs.parse("--speeds", "2,1,1,0.5", "--base-port", "9101",
                "--time-scale", "0.5", "--median-output", "80", "--max-running", "16");

        assertArrayEquals(new double[] {2, 1, 1, 0.5}, args.speeds);
        assertEquals(9101, args.base.port());
        assertEquals(0.5, args.base.timeScale());
        assertEquals(80, args.base.outputLengths().medianTokens());
        assertEquals(16, args.base.maxRunningSequences());
    }

    @Test
    void prefixCachingAndMetricsAreOnByDefaultAndCanBeSwitchedOff() {
        SimulatorConfig defaults = SimulatorArgs.parse().base;
        assertEquals(2000, defaults.prefixCacheBlocks(), "half of the 64,000-token KV budget in 16-token blocks");
        assertEquals(16, defaults.prefixBlockTokens());
        assertEquals(true, defaults.metricsEnabled());

        SimulatorConfig off = SimulatorArgs.parse("--prefix-cache-blocks", "0", "--block-size", "32", "--metrics",
                "off").base;
        assertEquals(0, off.prefixCacheBlocks());
        assertEquals(32, off.prefixBlockTokens());
        assertEquals(false, off.metricsEnabled());
        assertEquals(0, off.toBuilder().build().prefixCacheBlocks(), "an explicit 0 survives toBuilder");
        assertThrows(IllegalArgumentException.class, () -> SimulatorArgs.parse("--metrics", "maybe"));
    }

    @Test
    void withoutSpeedsEveryBackendRunsAtSpeedOne() {
        assertArrayEquals(new double[] {1, 1, 1, 1}, SimulatorArgs.parse().speeds);
        assertArrayEquals(new double[] {1, 1}, SimulatorArgs.parse("--backends", "2").speeds);
    }

    @Test
    void rejectsUnknownOptionsAndContradictions() {
        assertThrows(IllegalArgumentException.class, () -> SimulatorArgs.parse("--bogus", "1"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorArgs.parse("--backends"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorArgs.parse("--backends", "3", "--speeds", "1,2"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorArgs.parse("--time-scale", "-1"));
    }
}
