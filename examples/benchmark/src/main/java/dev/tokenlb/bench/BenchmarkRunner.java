package dev.tokenlb.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tokenlb.sim.SimulatedLlmCluster;
import dev.tokenlb.sim.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * Runs the plan: per cluster shape, measure saturation, then per load and repeat run every contender on the same
 * seeded requests and arrivals. Each contender gets a fresh simulated cluster (so it starts from idle, with nothing
 * queued from the one before) and, if it is a gateway, a fresh gateway. Everything runs in this JVM: simulator,
 * gateway and load generator share the machine, which the results state. Not thread-safe: one run per instance.
 */
final class BenchmarkRunner implements AutoCloseable {

    /** The saturation probe keeps this many requests open per backend: more than a backend runs at once. */
    private static final int PROBE_OPEN_PER_BACKEND = 48;
    /** A run whose requests went out later than this is flagged on the console. */
    static final double LATE_WARNING_MS = 100;
    /** The warm-up keeps this many requests open per backend: a busy but not overloaded cluster. */
    private static final int WARM_UP_OPEN_PER_BACKEND = 8;

    private final BenchOptions options;
    private final Progress progress;
    private final SimulatorConfig simulator;
    private final Vertx vertx;
    private final LoadDriver driver;
    private final Map<Long, WorkloadGenerator> workloads = new HashMap<>();

    BenchmarkRunner(BenchOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
        this.simulator = options.engine().apply(SimulatorConfig.defaults().toBuilder())
                .timeScale(options.timeScale()).build();
        // the load generator's own Vert.x: one event loop carries every request, confining the routers
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        this.driver = new LoadDriver(vertx);
    }

    BenchmarkResult run() throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        if (options.warmUp()) {
            warmUp(options.clusters().get(0));
        }
        Map<String, Saturation> saturations = new LinkedHashMap<>();
        List<PointResult> points = new ArrayList<>();
        for (ClusterShape cluster : options.clusters()) {
            Saturation saturation = saturation(cluster);
            saturations.put(cluster.name(), saturation);
            for (double load : options.loads()) {
                double rate = load * saturation.requestsPerSecond();
                List<PointResult.Repeat> repeats = new ArrayList<>();
                for (int r = 0; r < options.repeats(); r++) {
                    long seed = options.seed() + r;
                    List<BenchRequest> requests = workload(seed).first(options.requestsPerPoint());
                    long[] offsets = ArrivalSchedule.poisson(seed, rate, requests.size());
                    List<RunSummary> summaries = new ArrayList<>();
                    int k = 0;
                    for (Contender contender : options.contenders()) {
                        String label = String.format(Locale.ROOT, "[%s %d%% r%d/%d %d/%d] %s (%.1f req/s)",
                                cluster.name(), Math.round(load * 100), r + 1, options.repeats(), ++k,
                                options.contenders().size(), contender.name(), rate);
                        summaries.add(runContender(cluster, contender, requests, offsets, label));
                    }
                    repeats.add(new PointResult.Repeat(r, seed, summaries));
                }
                points.add(new PointResult(cluster, saturation, load, rate, repeats));
            }
        }
        return new BenchmarkResult(MachineInfo.detect(), options, saturations, points, started,
                (System.nanoTime() - t0) / 1e9);
    }

    /** One contender, one run, on a fresh cluster (and gateway). */
    RunSummary runContender(ClusterShape shape, Contender contender, List<BenchRequest> requests, long[] offsets,
                            String label) throws Exception {
        // no System.gc() between runs: it shrinks G1's heap, which then regrows during the next run (the suspect
        // of a 2 s pause seen once in a direct run); each run's worst send lag is reported instead
        try (SimulatedLlmCluster cluster = SimulatedLlmCluster.start(simulator, shape.speeds())) {
            progress.begin(label);
            RunRecord record;
            if (contender instanceof Contender.Gateway g) {
                try (GatewayRunner gateway = GatewayRunner.start(cluster.baseUrls(), g.settings(),
                        g.oracle() ? new OracleEstimator(simulator.outputLengths()) : null)) {
                    record = driver.run(requests, offsets, Router.fixed(gateway.target()),
                            options.wallNanos(options.drainSimSeconds()), progress);
                }
            } else {
                Contender.Direct d = (Contender.Direct) contender;
                record = driver.run(requests, offsets, new DirectRouter(d.policy(), cluster.baseUrls()),
                        options.wallNanos(options.drainSimSeconds()), progress);
            }
            RunSummary summary = RunSummary.of(contender.name(), record);
            if (summary.maxSendLagMs() > LATE_WARNING_MS) {
                progress.note(String.format(Locale.ROOT, "  WARNING: the load generator sent a request %.0f ms late "
                        + "(a pause of this JVM or a starved CPU); this run's latencies include it",
                        summary.maxSendLagMs()));
            }
            if (!summary.firstErrors().isEmpty()) {
                progress.note("  first errors: " + String.join(" | ", summary.firstErrors()));
            }
            return summary;
        }
    }

    Saturation saturation(ClusterShape shape) throws InterruptedException {
        if (!Double.isNaN(options.saturationOverride())) {
            progress.note("[" + shape.name() + "] saturation given: " + options.saturationOverride() + " req/s");
            return Saturation.given(options.saturationOverride());
        }
        List<BenchRequest> requests = workload(options.seed()).first(Math.max(options.requestsPerPoint(), 400));
        try (SimulatedLlmCluster cluster = SimulatedLlmCluster.start(simulator, shape.speeds())) {
            progress.note("[" + shape.name() + " " + shape.speedsText() + "]");
            return new SaturationProbe(vertx).measure(cluster, requests,
                    PROBE_OPEN_PER_BACKEND * shape.speeds().length, options.wallNanos(options.probeWarmupSimSeconds()),
                    options.wallNanos(options.probeWindowSimSeconds()), progress);
        }
    }

    /**
     * An unrecorded closed loop through a gateway, before anything is measured: the JIT compiles the simulator, the
     * gateway and the load generator here, not during the saturation probe or the first contender.
     */
    void warmUp(ClusterShape shape) throws Exception {
        List<BenchRequest> requests = workload(options.seed() + 1000).first(200);
        try (SimulatedLlmCluster cluster = SimulatedLlmCluster.start(simulator, shape.speeds());
             GatewayRunner gateway = GatewayRunner.start(cluster.baseUrls(), Contender.settings("strategy=tokens"),
                     null)) {
            progress.begin("[warm-up, not recorded] closed loop through the gateway");
            ClosedLoop load = ClosedLoop.start(vertx, Router.fixed(gateway.target()), requests,
                    WARM_UP_OPEN_PER_BACKEND * shape.speeds().length);
            load.runFor(options.wallNanos(options.warmUpSimSeconds()), progress);
            load.stop(progress);
        }
    }

    Vertx vertx() {
        return vertx;
    }

    LoadDriver driver() {
        return driver;
    }

    SimulatorConfig simulator() {
        return simulator;
    }

    WorkloadGenerator workload(long seed) {
        return workloads.computeIfAbsent(seed,
                s -> new WorkloadGenerator(WorkloadMix.standard(), s, simulator.outputLengths()));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
