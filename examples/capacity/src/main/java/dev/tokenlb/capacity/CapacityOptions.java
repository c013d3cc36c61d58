package dev.tokenlb.capacity;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link CapacityMain}; see {@link #USAGE}. Immutable once parsed. */
final class CapacityOptions {

    static final String USAGE = """
            usage: java -jar examples/capacity/target/token-lb-capacity.jar [options]
              --streams N         open streams to reach (default 2000)
              --step N            streams opened per step, spread evenly over it (default 250)
              --step-seconds S    length of a step (default 3)
              --hold-seconds S    time all streams stay open together (default 15)
              --interval-ms MS    time between two tokens of a stream (default 500)
              --heap SIZE         the gateway's heap, -Xmx and -Xms (default 256m)
              --max-concurrent N  the gateway's tokenlb.max-concurrent (default streams + 64); "default": the
                                  gateway's own default (auto: sized from its heap and cores)
              --java PATH         java binary for the gateway (default: this one); a JDK 21+ enables virtual threads
              --jvm-opt OPT       extra JVM option for the gateway (repeatable), such as -Dtokenlb.virtual-threads=false
              --gateway-jar PATH  default routes/target/token-lb-gateway.jar
              --direct            no gateway: the client streams from a backend itself (what the client and
                                  backend cost on their own)
              --out DIR           default examples/results/<date>-capacity-<streams>
            """;

    int streams = 2000;
    int step = 250;
    int stepSeconds = 3;
    int holdSeconds = 15;
    long intervalMillis = 500;
    String heap = "256m";
    /** The gateway's tokenlb.max-concurrent; 0: the gateway's own default. */
    int maxConcurrent = -1;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    final List<String> jvmOptions = new ArrayList<>();
    String gatewayJar = GatewayProcess.defaultJar();
    Path out;
    boolean direct;

    static CapacityOptions parse(String[] args) {
        CapacityOptions o = new CapacityOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (a.equals("--direct")) {
                o.direct = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--streams" -> o.streams = positive(a, v);
                case "--step" -> o.step = positive(a, v);
                case "--step-seconds" -> o.stepSeconds = positive(a, v);
                case "--hold-seconds" -> o.holdSeconds = positive(a, v);
                case "--interval-ms" -> o.intervalMillis = positive(a, v);
                case "--heap" -> o.heap = v;
                case "--max-concurrent" -> o.maxConcurrent = v.equals("default") ? 0 : positive(a, v);
                case "--java" -> o.java = v;
                case "--jvm-opt" -> o.jvmOptions.add(v);
                case "--gateway-jar" -> o.gatewayJar = v;
                case "--out" -> o.out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (o.maxConcurrent < 0) {
            o.maxConcurrent = o.streams + 64;
        }
        if (o.out == null) {
            o.out = Path.of("examples/results/" + LocalDate.now() + "-capacity-" + o.streams);
        }
        return o;
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " must be a whole number > 0, was '" + value + "'");
    }
}
