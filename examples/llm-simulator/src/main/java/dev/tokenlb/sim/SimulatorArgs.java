package dev.tokenlb.sim;

import java.util.Arrays;

/**
 * The command line of {@link SimulatorMain}, read into a base configuration and one speed per backend.
 * Immutable once parsed, thread-safe.
 */
final class SimulatorArgs {

    static final String USAGE = String.join("\n",
            "usage: SimulatorMain [options]",
            "  --backends N            number of backends (default 4, or the number of --speeds)",
            "  --speeds 2,1,1,0.5      speed of each backend (default 1 each)",
            "  --base-port P           backend i listens on P+i (default 0: ephemeral ports)",
            "  --host H                bind address (default 127.0.0.1)",
            "  --time-scale X          multiply all simulated durations by X (default 1.0)",
            "  --model ID              model id (default sim-model)",
            "  --models LIST           serve only these: a,b,adapter@a (default: --model, any model served)",
            "  --max-running N         running sequences per backend (default 32)",
            "  --max-kv-tokens N       KV budget per backend (default 64000)",
            "  --prefix-cache-blocks N prefix-cache blocks per backend (default: half the KV budget; 0 = off)",
            "  --block-size N          tokens per prefix-cache block (default 16)",
            "  --metrics on|off        serve vLLM's GET /metrics (default on)",
            "  --median-output N       median output tokens (default 150)",
            "  --output-sigma X        lognormal sigma of output lengths (default 1.0)",
            "  --max-output N          longest natural output (default 2000)",
            "  --seed N                output-length seed (default 0)",
            "  --stats-every S         print each backend's stats every S seconds (default 0: never)");

    final SimulatorConfig base;
    final double[] speeds;
    final int statsEverySeconds;

    private SimulatorArgs(SimulatorConfig base, double[] speeds, int statsEverySeconds) {
        this.base = base;
        this.speeds = speeds;
        this.statsEverySeconds = statsEverySeconds;
    }

    /** @throws IllegalArgumentException saying which option is wrong; the caller shows {@link #USAGE} */
    static SimulatorArgs parse(String... args) {
        SimulatorConfig.Builder config = SimulatorConfig.builder();
        OutputLengthModel lengths = OutputLengthModel.defaults();
        int median = lengths.medianTokens();
        double sigma = lengths.sigma();
        int maxOutput = lengths.maxTokens();
        long seed = lengths.seed();
        Integer backends = null;
        double[] speeds = null;
        int statsEvery = 0;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--backends" -> backends = Integer.parseInt(value);
                case "--speeds" -> speeds = Arrays.stream(value.split(",")).mapToDouble(Double::parseDouble).toArray();
                case "--base-port" -> config.port(Integer.parseInt(value));
                case "--host" -> config.host(value);
                case "--time-scale" -> config.timeScale(Double.parseDouble(value));
                case "--model" -> config.modelId(value);
                case "--models" -> config.models(value);
                case "--max-running" -> config.maxRunningSequences(Integer.parseInt(value));
                case "--max-kv-tokens" -> config.maxKvTokens(Integer.parseInt(value));
                case "--prefix-cache-blocks" -> config.prefixCacheBlocks(Integer.parseInt(value));
                case "--block-size" -> config.prefixBlockTokens(Integer.parseInt(value));
                case "--metrics" -> config.metricsEnabled(onOff(option, value));
                case "--median-output" -> median = Integer.parseInt(value);
                case "--output-sigma" -> sigma = Double.parseDouble(value);
                case "--max-output" -> maxOutput = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--stats-every" -> statsEvery = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (speeds == null) {
            speeds = new double[backends == null ? 4 : backends];
            Arrays.fill(speeds, 1.0);
        } else if (backends != null && backends != speeds.length) {
            throw new IllegalArgumentException("--backends " + backends + " but " + speeds.length + " --speeds");
        }
        if (speeds.length < 1) {
            throw new IllegalArgumentException("--backends must be >= 1");
        }
        config.outputLengths(new OutputLengthModel(median, sigma, lengths.minTokens(), maxOutput, seed));
        return new SimulatorArgs(config.build(), speeds, Math.max(0, statsEvery));
    }

    private static boolean onOff(String option, String value) {
        return switch (value) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException(option + " takes on or off, was " + value);
        };
    }
}
