package dev.tokenlb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

import dev.tokenlb.sim.OutputLengthModel;
import dev.tokenlb.sim.SimulatedLlmCluster;
import dev.tokenlb.sim.SimulatorConfig;

/**
 * Runs the named scenarios ({@link Scenario}): per scenario, the cluster's saturation is measured with the standard
 * mix straight to the backends, then every contender runs on a fresh cluster (and gateway, or nginx) with the same
 * seeded workload at the same load. Foreign requests are left out of each contender's figures and reported apart.
 * Everything else (warm-up, probe, open-loop driver, gateway) is the {@link BenchmarkRunner}'s. Not thread-safe.
 */
final class ScenarioRunner implements AutoCloseable {

    /** Seed offset of the foreign client's requests and arrivals, so that they differ from the gateway's. */
    private static final long FOREIGN_SEED = 7_777;
    /** Extra simulated seconds a multi-turn run may take after its last conversation arrived: its later turns. */
    private static final double MULTI_TURN_EXTRA_DRAIN = 60;

    private final BenchOptions options;
    private final Progress progress;
    private final BenchmarkRunner base;
    private final Optional<Path> nginx = NginxLeastConn.findBinary();
    /** The share of prompt tokens the backends' prefix caches served in the last run. */
    private double lastPrefixHitShare;

    ScenarioRunner(BenchOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
        this.base = new BenchmarkRunner(options, progress);
    }

    List<ScenarioResult> run() throws Exception {
        if (options.warmUp()) {
            base.warmUp(ClusterShape.EQUAL);
        }
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : options.scenarios()) {
            results.add(run(scenario));
        }
        return results;
    }

    private ScenarioResult run(Scenario scenario) throws Exception {
        List<String> notes = new ArrayList<>();
        List<Contender> contenders = new ArrayList<>(options.contenders());
        if (scenario.nginx()) {
            if (nginx.isPresent()) {
                contenders.add(new Contender.Nginx(Contenders.NGINX));
            } else {
                String note = "nginx not found (apt-get install nginx): contender " + Contenders.NGINX
                        + " skipped, ratios against least-requests";
                progress.note("[" + scenario.name() + "] " + note);
                notes.add(note);
                scenario = scenario.withBaselines(List.of("least-requests"));
            }
        }
        Saturation saturation = base.saturation(scenario.cluster());
        double load = options.loads().get(0);
        double rate = load * saturation.requestsPerSecond();
        long seed = options.seed();
        List<RunSummary> own = new ArrayList<>();
        List<RunSummary> foreign = new ArrayList<>();
        List<String> hits = new ArrayList<>();
        int k = 0;
        for (Contender contender : contenders) {
            String label = String.format(Locale.ROOT, "[%s %d%% %d/%d] %s", scenario.name(), Math.round(load * 100),
                    ++k, contenders.size(), contender.name());
            RunRecord record = scenario.multiTurn()
                    ? runMultiTurn(scenario, contender, saturation, load, seed, label)
                    : runStandard(scenario, contender, rate, seed, label);
            hits.add(String.format(Locale.ROOT, "%s %.0f%%", contender.name(), lastPrefixHitShare * 100));
            RunSummary summary = RunSummary.of(contender.name(), record.only(r -> !ForeignLoad.isForeign(r)));
            own.add(summary);
            if (!summary.firstErrors().isEmpty()) {
                progress.note("  first errors: " + String.join(" | ", summary.firstErrors()));
            }
            if (scenario.foreignShare() > 0) {
                foreign.add(RunSummary.of(contender.name(), record.only(ForeignLoad::isForeign)));
            }
        }
        if (base.simulator().prefixCacheBlocks() != 0) {
            String note = "prompt tokens served from the backends' prefix caches: " + String.join(", ", hits);
            progress.note("[" + scenario.name() + "] " + note);
            notes.add(note);
        }
        double shownRate = scenario.multiTurn() ? rate : rate * (1 - scenario.foreignShare());
        return new ScenarioResult(scenario, saturation, load, shownRate, own, foreign, notes);
    }

    private RunRecord runStandard(Scenario scenario, Contender contender, double rate, long seed, String label)
            throws Exception {
        List<BenchRequest> requests = base.workload(seed).first(options.requestsPerPoint());
        double share = scenario.foreignShare();
        long[] offsets = ArrivalSchedule.poisson(seed, rate * (1 - share), requests.size());
        ForeignLoad.Schedule schedule;
        if (share > 0) {
            int n = (int) Math.round(requests.size() * share / (1 - share));
            List<BenchRequest> others = base.workload(seed + FOREIGN_SEED).first(n);
            schedule = ForeignLoad.merge(requests, offsets, others,
                    ArrivalSchedule.poisson(seed + FOREIGN_SEED, rate * share, n));
        } else {
            schedule = new ForeignLoad.Schedule(requests, offsets);
        }
        return withRouter(scenario, contender, label, (cluster, router) -> {
            Router routed = share > 0 ? ForeignLoad.router(router,
                    Router.Target.of(cluster.baseUrls().get(scenario.foreignBackend()), scenario.foreignBackend()))
                    : router;
            return base.driver().run(schedule.requests(), schedule.offsets(), routed,
                    options.wallNanos(options.drainSimSeconds()), progress);
        });
    }

    private RunRecord runMultiTurn(Scenario scenario, Contender contender, Saturation saturation, double load,
                                   long seed, String label) throws Exception {
        MultiTurnWorkload workload = new MultiTurnWorkload(seed, 6);
        int n = Math.max(4, options.requestsPerPoint() / 4);
        List<MultiTurnWorkload.Conversation> conversations = workload.first(n);
        double meanTurns = conversations.stream().mapToInt(MultiTurnWorkload.Conversation::turns).average()
                .orElse(1);
        double turnsPerSecond = load * saturation.outputTokensPerS() / meanNaturalOutput(options.seed());
        if (!saturation.measured()) {
            turnsPerSecond = load * saturation.requestsPerSecond();
        }
        long[] offsets = ArrivalSchedule.poisson(seed, turnsPerSecond / meanTurns, n);
        ConversationDriver driver = new ConversationDriver(base.vertx(), workload,
                base.simulator().outputLengths());
        return withRouter(scenario, contender, label + String.format(Locale.ROOT, " (%d conversations, %.2f/s)", n,
                turnsPerSecond / meanTurns), (cluster, router) -> driver.run(conversations, offsets, router,
                options.timeScale() * 1e9,
                options.wallNanos(options.drainSimSeconds() + MULTI_TURN_EXTRA_DRAIN), progress));
    }

    /** The mean reply length of the simulator's length model for prompts it has not seen: a turn's expected length. */
    private double meanNaturalOutput(long seed) {
        OutputLengthModel lengths = base.simulator().outputLengths();
        SplittableRandom random = new SplittableRandom(seed);
        double sum = 0;
        int samples = 4_000;
        for (int i = 0; i < samples; i++) {
            sum += lengths.naturalOutputTokensFor("turn " + random.nextLong());
        }
        return sum / samples;
    }

    private interface Body {
        RunRecord run(SimulatedLlmCluster cluster, Router router) throws Exception;
    }

    /** Starts a fresh cluster and the contender's front (gateway, nginx, or none), runs {@code body}, closes both. */
    private RunRecord withRouter(Scenario scenario, Contender contender, String label, Body body) throws Exception {
        SimulatorConfig simulator = base.simulator();
        try (SimulatedLlmCluster cluster = SimulatedLlmCluster.start(simulator, scenario.cluster().speeds())) {
            progress.begin(label);
            try {
                return runFront(cluster, contender, body);
            } finally {
                long prompt = cluster.backends().stream().mapToLong(b -> b.stats().promptTokens()).sum();
                long cached = cluster.backends().stream().mapToLong(b -> b.stats().prefixCachedTokens()).sum();
                lastPrefixHitShare = prompt == 0 ? 0 : (double) cached / prompt;
            }
        }
    }

    private RunRecord runFront(SimulatedLlmCluster cluster, Contender contender, Body body) throws Exception {
        if (contender instanceof Contender.Gateway g) {
            try (GatewayRunner gateway = GatewayRunner.start(cluster.baseUrls(), g.settings(),
                    g.oracle() ? new OracleEstimator(base.simulator().outputLengths()) : null)) {
                return body.run(cluster, Router.fixed(gateway.target()));
            }
        } else if (contender instanceof Contender.Nginx) {
            try (NginxLeastConn front = NginxLeastConn.start(nginx.orElseThrow(), cluster.baseUrls())) {
                return body.run(cluster, Router.fixed(front.target()));
            }
        }
        Contender.Direct d = (Contender.Direct) contender;
        return body.run(cluster, new DirectRouter(d.policy(), cluster.baseUrls()));
    }

    @Override
    public void close() {
        base.close();
    }
}
