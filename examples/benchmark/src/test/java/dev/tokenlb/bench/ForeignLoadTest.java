package dev.tokenlb.bench;

import java.util.ArrayList;
import java.util.List;

import dev.tokenlb.sim.OutputLengthModel;
import dev.tokenlb.sim.SimulatedLlmCluster;
import dev.tokenlb.sim.SimulatorConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForeignLoadTest {

    private static List<BenchRequest> requests(long seed, int n) {
        return new WorkloadGenerator(WorkloadMix.standard(), seed, OutputLengthModel.defaults()).first(n);
    }

    @Test
    void mergingKeepsArrivalOrderAndMarksAndReindexesTheForeignRequests() {
        List<BenchRequest> own = requests(1, 3);
        List<BenchRequest> foreign = requests(2, 2);

        ForeignLoad.Schedule s = ForeignLoad.merge(own, new long[] {10, 20, 30}, foreign, new long[] {15, 40});

        assertEquals(List.of(10L, 15L, 20L, 30L, 40L), java.util.Arrays.stream(s.offsets()).boxed().toList());
        List<Boolean> marked = s.requests().stream().map(ForeignLoad::isForeign).toList();
        assertEquals(List.of(false, true, false, false, true), marked);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, s.requests().get(i).index());
        }
        assertTrue(s.requests().get(1).kind().startsWith(ForeignLoad.KIND_PREFIX));
    }

    @Test
    void foreignRequestsGoToTheirBackendAndTheContenderNeverHearsOfThem() {
        DirectRouter contender = new DirectRouter(DirectRouter.Policy.LEAST_REQUESTS,
                List.of("http://127.0.0.1:1000", "http://127.0.0.1:1001"));
        Router.Target backend1 = Router.Target.of("http://127.0.0.1:1001", 1);
        Router router = ForeignLoad.router(contender, backend1);
        ForeignLoad.Schedule s = ForeignLoad.merge(requests(1, 1), new long[] {0}, requests(2, 3),
                new long[] {1, 2, 3});

        for (BenchRequest r : s.requests().subList(1, 4)) {
            Router.Target t = router.pick(r);
            assertTrue(t == backend1);
            router.done(t);
        }
        Router.Target own = router.pick(s.requests().get(0));
        assertEquals(0, own.index(), "the contender's counts saw none of the foreign load");
    }

    @Test
    @Timeout(60)
    void inARealRunTheForeignLoadLandsOnItsBackendOnlyAndIsReportedApart() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (SimulatedLlmCluster cluster = SimulatedLlmCluster.start(SimulatorConfig.builder().timeScale(0.01)
                .outputLengths(new OutputLengthModel(8, 0, 1, 8, 0)).build(), 4)) {
            List<BenchRequest> own = new ArrayList<>(requests(1, 12));
            ForeignLoad.Schedule s = ForeignLoad.merge(own, ArrivalSchedule.poisson(1, 40, 12), requests(2, 4),
                    ArrivalSchedule.poisson(2, 13, 4));
            Router router = ForeignLoad.router(new DirectRouter(DirectRouter.Policy.ROUND_ROBIN, cluster.baseUrls()),
                    Router.Target.of(cluster.baseUrls().get(1), 1));

            RunRecord record = new LoadDriver(vertx).run(s.requests(), s.offsets(), router, 20_000_000_000L,
                    new Progress(System.out, 60_000));

            RunSummary foreign = RunSummary.of("rr", record.only(ForeignLoad::isForeign));
            RunSummary gateway = RunSummary.of("rr", record.only(r -> !ForeignLoad.isForeign(r)));
            assertEquals(4, foreign.requests());
            assertEquals(12, gateway.requests());
            assertEquals(0, foreign.errors() + gateway.errors() + foreign.unfinished() + gateway.unfinished());
            assertEquals(java.util.Map.of("sim-1", 4), foreign.perBackend());
            assertEquals(java.util.Map.of("sim-0", 3, "sim-1", 3, "sim-2", 3, "sim-3", 3), gateway.perBackend(),
                    "round robin over its own requests only");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
