package dev.tokenlb.gateway.config;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default concurrency limit follows the heap and the cores; an explicit setting wins; bad values fail at start. */
class ConcurrencySizingTest {

    private static final long MIB = 1L << 20;

    @Test
    void theHeapBoundsTheLimitAt55KibPerStreamIn60PercentOfIt() {
        assertEquals(2859, ConcurrencySizing.maxConcurrent(256 * MIB, 2)); // the issue's -Xmx256m case: >= 2,000
        assertEquals(714, ConcurrencySizing.maxConcurrent(64 * MIB, 2));
        assertEquals(1429, ConcurrencySizing.maxConcurrent(128 * MIB, 8));
    }

    @Test
    void theCoresBoundTheLimitOnALargeHeap() {
        assertEquals(5000, ConcurrencySizing.maxConcurrent(512 * MIB, 2)); // the issue's -Xmx512m case
        assertEquals(2500, ConcurrencySizing.maxConcurrent(8192 * MIB, 1));
        assertEquals(2500, ConcurrencySizing.maxConcurrent(8192 * MIB, 0), "no cores reported counts as one");
        assertEquals(40_000, ConcurrencySizing.maxConcurrent(16384 * MIB, 16));
    }

    @Test
    void aTinyHeapStillGetsTheMinimum() {
        assertEquals(64, ConcurrencySizing.maxConcurrent(2 * MIB, 2));
    }

    @Test
    void theLimitGrowsWithTheHeapAndNeverShrinksWithMoreCores() {
        int last = 0;
        for (long heap = 16 * MIB; heap <= 4096 * MIB; heap += 16 * MIB) {
            int n = ConcurrencySizing.maxConcurrent(heap, 2);
            assertTrue(n >= last, heap + " bytes: " + n + " < " + last);
            assertTrue(n >= ConcurrencySizing.maxConcurrent(heap, 1));
            last = n;
        }
    }

    @Test
    void autoSizesFromTheMachineAndAnExplicitSettingWins() {
        assertEquals(2859, config("auto").maxConcurrent(256 * MIB, 2));
        assertEquals(100, config("100").maxConcurrent(256 * MIB, 2));
        assertEquals(9000, config("9000").maxConcurrent(256 * MIB, 2), "explicit: not capped by the rule");
        assertTrue(config("auto").concurrencyRule().contains("auto"));
        assertEquals("max-concurrent 100 (set)", config("100").concurrencyRule());
    }

    @Test
    void aBadLimitFailsNamingTheSetting() {
        for (String bad : new String[] {"0", "-5", "lots"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> config(bad).maxConcurrent(256 * MIB, 2));
            assertTrue(e.getMessage().contains("tokenlb.max-concurrent"), e.getMessage());
        }
    }

    @Test
    void aBadManagementPortFailsNamingTheSetting() {
        for (String bad : new String[] {"-2", "70000", "8080"}) {
            Properties p = new Properties();
            p.setProperty("tokenlb.port", "8080");
            p.setProperty("tokenlb.management-port", bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GatewayConfig.load(p).managementPort());
            assertTrue(e.getMessage().contains("tokenlb.management-port"), e.getMessage());
        }
    }

    private static GatewayConfig config(String maxConcurrent) {
        Properties p = new Properties();
        p.setProperty("tokenlb.max-concurrent", maxConcurrent);
        return GatewayConfig.load(p);
    }
}
