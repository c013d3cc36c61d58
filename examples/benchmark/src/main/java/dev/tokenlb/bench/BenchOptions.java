package dev.tokenlb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's settings, from the command line. Times given in <em>simulated</em> seconds are multiplied by the
 * time scale to give wall-clock time. Immutable.
 *
 * @param quick                 the quick mode's defaults were used
 * @param clusters              the cluster shapes to run
 * @param loads                 load levels as fractions of the measured saturation throughput
 * @param contenders            what to compare, in report order
 * @param repeats               runs per point, with paired seeds (seed, seed + 1, ...)
 * @param seed                  the first repeat's workload and arrival seed
 * @param requestsPerPoint      requests per contender run (the same requests at every load: only the rate changes)
 * @param timeScale             the simulator's time scale (0.25 = four times faster than the modelled GPU)
 * @param saturationOverride    arrivals per wall-clock second at 100% load, skipping the probe; NaN = measure
 * @param probeWarmupSimSeconds the saturation probe's warm-up
 * @param probeWindowSimSeconds the saturation probe's measuring window
 * @param drainSimSeconds       how long a run waits for replies after its last arrival
 * @param warmUp                run an unrecorded closed loop through a gateway first, so the JIT has compiled the
 *                              simulator, the gateway and the load generator before anything is measured
 * @param warmUpSimSeconds      how long the warm-up runs
 * @param out                   where results go
 * @param scenarios             named scenarios to run instead of the cluster and load plan; empty = the plan
 * @param foreignShare          the {@code foreign} scenario's share of the load sent by the foreign client
 * @param engine                changes to the simulated engine's latency model
 */
record BenchOptions(boolean quick, List<ClusterShape> clusters, List<Double> loads, List<Contender> contenders,
                    int repeats, long seed, int requestsPerPoint, double timeScale, double saturationOverride,
                    double probeWarmupSimSeconds, double probeWindowSimSeconds, double drainSimSeconds,
                    boolean warmUp, double warmUpSimSeconds, Path out, List<Scenario> scenarios,
                    double foreignShare, EngineShape engine) {

    static final String USAGE = String.join("\n",
            "java -jar examples/benchmark/target/token-lb-bench.jar [options]",
            "",
            "Runs the real gateway once per strategy (and the load generator's own direct routing) against a",
            "simulated LLM cluster, with the same seeded open-loop workload, and reports latency side by side.",
            "",
            "  --quick                 equal cluster, 80% load, every contender, short runs (< 3 minutes)",
            "  --out DIR               results directory (default examples/results/latest)",
            "  --clusters LIST         equal,mixed (default both; quick: equal)",
            "  --loads LIST            fractions of saturation (default 0.5,0.8,0.95; quick: 0.8)",
            "  --contenders LIST       names to run, in order (default all): tokens, round-robin, random,",
            "                          least-requests, oracle, direct-round-robin, direct-least-requests;",
            "                          also known: prompt-tokens (the seed's rule), delay",
            "  --contender NAME:K=V,.. define a gateway contender from tokenlb.* settings (repeatable), e.g.",
            "                          --contender prompt-only:strategy=tokens,output-estimate=none",
            "                          (oracle=true gives it the oracle's output estimate)",
            "  --repeat N              runs per point with paired seeds; reports median and spread (default 1)",
            "  --seed S                workload and arrival seed of the first repeat (default 42)",
            "  --requests N            requests per contender run (default 400; quick: 150)",
            "  --time-scale X          simulator time scale: 0.5 = twice as fast as the modelled GPU",
            "                          (default 0.5; quick: 0.25)",
            "  --saturation R          req/s at 100% load instead of measuring it",
            "  --drain SECONDS         simulated seconds to wait for replies after the last arrival",
            "                          (default 120; quick: 60)",
            "  --no-warmup             skip the unrecorded warm-up through a gateway",
            "  --scenarios LIST        run named scenarios instead: equal, unequal, multiturn, foreign",
            "                          (contenders: round-robin, least-requests, prompt-tokens, delay, tokens,",
            "                          oracle, any --contender, and nginx-least-conn in unequal; load 80%)",
            "  --foreign-share X       the foreign scenario's share of the load sent straight to backend 1",
            "                          (default 0.25)",
            "  --engine K=V,...        change the simulated engine: " + EngineShape.KEYS,
            "                          (e.g. max-running=4 for a llama.cpp-like server with 4 slots)",
            "  --help");

    /** @throws IllegalArgumentException with a message naming the bad option */
    static BenchOptions parse(String... args) {
        List<String> list = Arrays.asList(args);
        boolean quick = list.contains("--quick");
        List<ClusterShape> clusters = quick ? List.of(ClusterShape.EQUAL) : ClusterShape.all();
        List<Double> loads = quick ? List.of(0.8) : List.of(0.5, 0.8, 0.95);
        List<String> contenderNames = new ArrayList<>();
        List<String> defined = new ArrayList<>();
        int repeats = 1;
        long seed = 42;
        int requests = quick ? 150 : 400;
        double timeScale = quick ? 0.25 : 0.5;
        double saturation = Double.NaN;
        double probeWarmup = quick ? 20 : 40;
        double probeWindow = quick ? 40 : 160;
        double drain = quick ? 60 : 120;
        double warmUpSeconds = quick ? 20 : 30;
        boolean warmUp = true;
        Path out = Path.of("examples", "results", "latest");
        List<String> scenarioNames = List.of();
        double foreignShare = 0.25;
        EngineShape engine = EngineShape.DEFAULT;
        boolean loadsGiven = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> { }
                case "--no-warmup" -> warmUp = false;
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--clusters" -> clusters = split(value(args, ++i, arg)).stream().map(ClusterShape::named).toList();
                case "--loads" -> {
                    loads = split(value(args, ++i, arg)).stream().map(s -> number(s, arg)).toList();
                    loadsGiven = true;
                }
                case "--scenarios" -> scenarioNames = split(value(args, ++i, arg));
                case "--foreign-share" -> foreignShare = number(value(args, ++i, arg), arg);
                case "--engine" -> engine = EngineShape.parse(value(args, ++i, arg));
                case "--contenders" -> contenderNames = split(value(args, ++i, arg));
                case "--contender" -> defined.add(value(args, ++i, arg));
                case "--repeat" -> repeats = (int) number(value(args, ++i, arg), arg);
                case "--seed" -> seed = (long) number(value(args, ++i, arg), arg);
                case "--requests" -> requests = (int) number(value(args, ++i, arg), arg);
                case "--time-scale" -> timeScale = number(value(args, ++i, arg), arg);
                case "--saturation" -> saturation = number(value(args, ++i, arg), arg);
                case "--drain" -> drain = number(value(args, ++i, arg), arg);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        require(foreignShare > 0 && foreignShare < 1, "--foreign-share must be in (0, 1)");
        double share = foreignShare;
        List<Scenario> scenarios = scenarioNames.stream().map(name -> Scenario.named(name, share)).toList();
        if (!scenarios.isEmpty() && !loadsGiven) {
            loads = List.of(0.8);
        }
        List<Contender> contenders = Contenders.select(contenderNames, defined, !scenarios.isEmpty()
                ? Contenders.scenarioSet() : quick ? Contenders.quick() : Contenders.builtIn());
        require(!clusters.isEmpty() && !loads.isEmpty() && !contenders.isEmpty(), "nothing to run");
        require(loads.stream().allMatch(l -> l > 0 && l <= 2), "--loads must be in (0, 2]");
        require(repeats >= 1, "--repeat must be >= 1");
        require(requests >= 10, "--requests must be >= 10");
        require(timeScale > 0 && timeScale <= 10, "--time-scale must be in (0, 10]");
        require(Double.isNaN(saturation) || saturation > 0, "--saturation must be > 0");
        require(drain > 0, "--drain must be > 0");
        return new BenchOptions(quick, clusters, loads, contenders, repeats, seed, requests, timeScale, saturation,
                probeWarmup, probeWindow, drain, warmUp, warmUpSeconds, out, scenarios, foreignShare, engine);
    }

    static boolean wantsHelp(String... args) {
        return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    }

    /** Simulated seconds as wall-clock nanoseconds. */
    long wallNanos(double simSeconds) {
        return Math.round(simSeconds * timeScale * 1e9);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static double number(String text, String option) {
        try {
            return Double.parseDouble(text.trim().toLowerCase(Locale.ROOT).replace("%", "e-2"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a number, was '" + text + "'");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
