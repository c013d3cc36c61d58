package dev.tokenlb.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

    @Test
    void defaultsRunEveryContenderOnBothClustersAtThreeLoads() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(List.of("equal", "mixed"), o.clusters().stream().map(ClusterShape::name).toList());
        assertEquals(List.of(0.5, 0.8, 0.95), o.loads());
        assertEquals(List.of("latency", "tokens", "round-robin", "random", "least-requests", "oracle",
                "direct-round-robin", "direct-least-requests"), o.contenders().stream().map(Contender::name).toList());
    }

    @Test
    void aContenderDefinedOnTheCommandLineIsANamedSetOfGatewaySettings() {
        BenchOptions o = BenchOptions.parse("--quick", "--contenders", "round-robin,prompt-only",
                "--contender", "prompt-only:strategy=tokens,output-estimate=none");
        Contender.Gateway c = (Contender.Gateway) o.contenders().get(1);
        assertEquals("prompt-only", c.name());
        assertEquals(Map.of("tokenlb.strategy", "tokens", "tokenlb.output-estimate", "none"), c.settings());
        assertTrue(o.quick());
    }

    @Test
    void scenariosRunTheirOwnContendersAtEightyPercentAndKeepCommandLineOnes() {
        BenchOptions o = BenchOptions.parse("--quick", "--scenarios", "equal,unequal,multiturn,foreign",
                "--contender", "mine:strategy=xyz");

        assertEquals(List.of("equal", "unequal", "multiturn", "foreign"),
                o.scenarios().stream().map(Scenario::name).toList());
        assertEquals(List.of(0.8), o.loads());
        assertEquals(List.of("round-robin", "least-requests", "prompt-tokens", "delay", "tokens", "latency", "oracle",
                "mine"),
                o.contenders().stream().map(Contender::name).toList());
        Contender.Gateway seedRule = (Contender.Gateway) o.contenders().get(2);
        assertEquals(Map.of("tokenlb.strategy", "tokens", "tokenlb.output-estimate", "none",
                "tokenlb.learn-speed", "false", "tokenlb.decay", "false"), seedRule.settings());
        assertEquals(0.25, o.scenarios().get(3).foreignShare());
        assertEquals(List.of(Contenders.NGINX), o.scenarios().get(1).baselines());
        assertTrue(BenchOptions.parse().scenarios().isEmpty(), "the default run is the cluster and load plan");
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--scenarios", "sideways"));
    }

    @Test
    void unknownNamesAreRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--contenders", "nope"));
        assertTrue(e.getMessage().contains("least-requests"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--loads", "0.8,x"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--frobnicate"));
    }

    @Test
    void theEngineCanBeChangedAndABadKeyOrValueIsNamed() {
        BenchOptions o = BenchOptions.parse("--quick", "--engine", "max-running=4, prefill-tps=4000,metrics=off");
        dev.tokenlb.sim.SimulatorConfig c = o.engine().apply(dev.tokenlb.sim.SimulatorConfig.defaults().toBuilder())
                .build();
        assertEquals(4, c.maxRunningSequences());
        assertEquals(4000.0, c.prefillTokensPerSecond());
        assertEquals(false, c.metricsEnabled());
        assertEquals("engine max-running=4,prefill-tps=4000,metrics=off", o.engine().toString());
        assertEquals(EngineShape.DEFAULT, BenchOptions.parse().engine());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--engine", "warp=9"));
        assertTrue(key.getMessage().contains("warp") && key.getMessage().contains("max-running"), key.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--engine", "max-running=lots"));
        assertTrue(value.getMessage().contains("max-running"), value.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--engine", "max-running=0"));
    }
}
