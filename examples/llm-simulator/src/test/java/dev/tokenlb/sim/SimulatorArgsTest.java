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
