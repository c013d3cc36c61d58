package dev.tokenlb.overhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddedLatencyTest {

    /** A window whose latencies are {@code base}, {@code base + 1 us}, ... in microseconds. */
    private static WindowResult window(String contender, long baseMicros, long cpuTicks) {
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = (baseMicros + i) * 1000;
        }
        return new WindowResult(contender, 200, 1, 100, 0, java.util.Map.of(), 0, latencies, new long[100], cpuTicks, 500_000_000);
    }

    @Test
    void addedLatencyIsTheDifferenceOfPercentilesAtTheSameRate() {
        List<WindowResult> windows = List.of(window("direct", 100, -1), window("gateway", 600, 5),
                                             window("nginx", 300, 1));
        RateReport report = RateReport.of(200, List.of("direct", "gateway", "nginx"), windows, 100);
        assertEquals(0.5, report.added("gateway").get().p50Ms(), 1e-9);
        assertEquals(0.5, report.added("gateway").get().p99Ms(), 1e-9);
        assertEquals(0.2, report.added("nginx").get().p50Ms(), 1e-9);
        assertEquals(2.5, report.gatewayToNginxP50(), 1e-9);
        assertTrue(report.added("direct").isEmpty());
        // 5 ticks of 10 ms over 100 requests
        assertEquals(0.5, report.stats().get(1).cpuMsPerRequest(), 1e-9);
        assertTrue(Double.isNaN(report.stats().get(0).cpuMsPerRequest()));
    }

    @Test
    void noRatioToAReferenceThatAddedNothing() {
        assertTrue(Double.isNaN(AddedLatency.ratio(0.4, 0.0, 0.005)));
        assertEquals(2.0, AddedLatency.ratio(0.4, 0.2, 0.005), 1e-9);
    }

    @Test
    void targetsAreMetOnlyWithinBothLimitsAndTwiceNginx() {
        AddedLatency gateway = new AddedLatency("gateway", 200, 0.8, 3.0, 0.9);
        AddedLatency nginx = new AddedLatency("nginx", 200, 0.5, 1.0, 0.5);
        List<Targets.Check> checks = Targets.check(gateway, nginx);
        assertEquals(4, checks.size());
        assertTrue(checks.get(0).met());
        assertTrue(checks.get(1).met());
        assertTrue(checks.get(2).met()); // 1.6x
        assertFalse(checks.get(3).met()); // 3x
        assertEquals(2, Targets.check(gateway, null).size());
    }

    @Test
    void roundsRotateTheContendersOrder() {
        assertEquals(List.of("b", "c", "a"), OverheadRun.rotate(List.of("a", "b", "c"), 1));
        assertEquals(List.of("a", "b", "c"), OverheadRun.rotate(List.of("a", "b", "c"), 3));
    }
}
