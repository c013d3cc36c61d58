package dev.tokenlb.overhead;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options of the hop-overhead run. Immutable.
 *
 * @param rates          offered rates, requests per second
 * @param seconds        length of one contender's window in a round
 * @param rounds         rounds; in each, every rate and every contender gets one window, contenders in a rotated order
 * @param warmupSeconds  unmeasured load per contender at the highest rate before the first round
 * @param contenders     among direct, gateway, camel, nginx
 * @param out            where CSV, JSON, the table and the child processes' logs go
 * @param stream         send {@code "stream":true} (latency still to the reply's last byte)
 * @param arrivals       spacing of arrivals
 * @param gatewayJar     the gateway's runnable jar
 * @param gatewayJvmArgs extra JVM options for the gateway child process
 * @param baselineJvmArgs JVM options of gateway-baseline: its own if given, else the gateway's
 * @param baselineJar    another build of the gateway, run beside it as {@code gateway-baseline} (a change measured
 *                       against what it changes, in one run), or null
 * @param seed           seed of request texts and Poisson arrivals
 */
record OverheadOptions(List<Integer> rates, int seconds, int rounds, int warmupSeconds, List<String> contenders,
                       Path out, boolean stream, ArrivalSchedule.Kind arrivals, Path gatewayJar,
                       List<String> gatewayJvmArgs, long seed, Path baselineJar, List<String> baselineJvmArgs) {

    static final List<String> ALL_CONTENDERS = List.of("direct", "gateway", "camel", "nginx");

    static final String USAGE = """
        java -jar examples/overhead/target/token-lb-overhead.jar [options]
          --rates 200,1000          offered rates, req/s (open loop)
          --seconds 5               window per contender per round
          --rounds 3                rounds (contenders interleaved in each, order rotated)
          --warmup 30               unmeasured seconds per contender at the highest rate first (the
                                    gateway's JIT needs tens of thousands of requests)
          --contenders direct,gateway,camel,nginx
                                    camel: a plain Camel proxy route (platform-http to camel-http,
                                    nothing else) from the gateway's jar, the floor under the gateway
          --out DIR                 default examples/results/<date>-overhead
          --stream                  streamed requests (SSE); latency is still to the last byte
          --arrivals uniform        uniform (fixed rate) or poisson
          --gateway-jar routes/target/token-lb-gateway.jar
          --gateway-jvm-arg ARG     extra JVM option for the gateway (repeatable), e.g. -XX:+UseParallelGC
          --seed 42
          --baseline-jar PATH       also run this build of the gateway, as gateway-baseline
          --baseline-jvm-arg ARG    extra JVM option for gateway-baseline only (repeatable; instead of the
                                    gateway's), e.g. the same jar with -Dtokenlb.virtual-threads=true
        """;

    static OverheadOptions parse(String[] args, LocalDate today) {
        List<Integer> rates = List.of(200, 1000);
        int seconds = 5;
        int rounds = 3;
        int warmup = 30;
        List<String> contenders = ALL_CONTENDERS;
        Path out = Path.of("examples", "results", today + "-overhead");
        boolean stream = false;
        ArrivalSchedule.Kind arrivals = ArrivalSchedule.Kind.UNIFORM;
        Path jar = defaultGatewayJar();
        List<String> jvmArgs = new ArrayList<>();
        long seed = 42;
        Path baseline = null;
        List<String> baselineArgs = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--rates" -> rates = Arrays.stream(value(args, ++i, arg).split(","))
                    .map(String::trim).map(r -> positive(r, arg)).toList();
                case "--seconds" -> seconds = positive(value(args, ++i, arg), arg);
                case "--rounds" -> rounds = positive(value(args, ++i, arg), arg);
                case "--warmup" -> warmup = nonNegative(value(args, ++i, arg), arg);
                case "--contenders" -> contenders = contenders(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--stream" -> stream = true;
                case "--arrivals" -> arrivals = ArrivalSchedule.Kind.parse(value(args, ++i, arg));
                case "--gateway-jar" -> jar = Path.of(value(args, ++i, arg));
                case "--gateway-jvm-arg" -> jvmArgs.add(value(args, ++i, arg));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--baseline-jar" -> baseline = Path.of(value(args, ++i, arg));
                case "--baseline-jvm-arg" -> {
                    if (baselineArgs == null) {
                        baselineArgs = new ArrayList<>();
                    }
                    baselineArgs.add(value(args, ++i, arg));
                }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        return new OverheadOptions(rates, seconds, rounds, warmup, contenders, out, stream, arrivals, jar,
                                   List.copyOf(jvmArgs), seed, baseline,
                                   baselineArgs == null ? List.copyOf(jvmArgs) : List.copyOf(baselineArgs));
    }

    /** routes/target/token-lb-gateway.jar from the repository root, or from examples/overhead. */
    private static Path defaultGatewayJar() {
        Path fromRoot = Path.of("routes", "target", "token-lb-gateway.jar");
        Path fromModule = Path.of("..", "..", "routes", "target", "token-lb-gateway.jar");
        return Files.isRegularFile(fromRoot) || !Files.isRegularFile(fromModule) ? fromRoot : fromModule;
    }

    private static List<String> contenders(String text) {
        List<String> names = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String name : names) {
            if (!ALL_CONTENDERS.contains(name)) {
                throw new IllegalArgumentException("contenders are " + ALL_CONTENDERS + ", not '" + name + "'");
            }
        }
        if (!names.contains("direct")) {
            throw new IllegalArgumentException("--contenders must include direct: added latency is measured against it");
        }
        return ALL_CONTENDERS.stream().filter(names::contains).toList();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int positive(String text, String option) {
        int v = nonNegative(text, option);
        if (v == 0) {
            throw new IllegalArgumentException(option + " must be > 0, was " + text);
        }
        return v;
    }

    private static int nonNegative(String text, String option) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v < 0) {
                throw new IllegalArgumentException(option + " must be >= 0, was " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, was '" + text + "'");
        }
    }
}
