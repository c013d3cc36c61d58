package dev.tokenlb.overhead;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hop overhead: the latency the gateway adds over calling a zero-latency backend directly, and its CPU per request,
 * beside nginx as a plain reverse proxy, at fixed open-loop rates, all contenders interleaved in one run.
 * <pre>java -jar examples/overhead/target/token-lb-overhead.jar --rates 200,1000</pre>
 */
public final class OverheadMain {

    private OverheadMain() {
    }

    public static void main(String[] args) throws Exception {
        OverheadOptions options;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                System.out.println(OverheadOptions.USAGE);
                return;
            }
            options = OverheadOptions.parse(args, LocalDate.now());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options, String.join(" ", args)));
    }

    private static int run(OverheadOptions options, String commandLine) throws Exception {
        Files.createDirectories(options.out());
        int ticks = ProcStat.clockTicksPerSecond();
        JsonObject machine = MachineInfo.describe(ticks);
        System.out.println("hop overhead: " + MachineInfo.oneLine(machine));
        System.out.println("results and child logs: " + options.out().toAbsolutePath());
        // the backend and the load generator each on an event loop of its own
        Vertx backendVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        List<Contender> contenders = new ArrayList<>();
        try {
            FakeBackend backend = FakeBackend.start(backendVertx);
            System.out.println("fake backend on " + backend.url());
            contenders.add(Contender.direct(backend));
            if (options.contenders().contains("gateway")) {
                System.out.println("starting the gateway from " + options.gatewayJar() + " ...");
                contenders.add(GatewayContender.start("gateway", options.gatewayJar(), backend.url(),
                                                      options.gatewayJvmArgs(), options.out()));
                if (options.baselineJar() != null) {
                    System.out.println("starting the baseline gateway from " + options.baselineJar() + " ...");
                    contenders.add(GatewayContender.start("gateway-baseline", options.baselineJar(), backend.url(),
                                                          options.baselineJvmArgs(), options.out()));
                }
            }
            if (options.contenders().contains("camel")) {
                System.out.println("starting a plain Camel proxy route from " + options.gatewayJar() + " ...");
                contenders.add(GatewayContender.startPlainCamel(options.gatewayJar(), backend.url(),
                                                                options.gatewayJvmArgs(), options.out()));
            }
            if (options.contenders().contains("nginx")) {
                Optional<Path> nginx = NginxContender.findBinary();
                if (nginx.isPresent()) {
                    contenders.add(NginxContender.start(nginx.get(), backend.port(), options.out()));
                } else {
                    System.out.println("nginx not found, so no reverse-proxy reference; install it with: "
                                       + "apt-get install -y nginx");
                }
            }
            Map<String, String> descriptions = new LinkedHashMap<>();
            contenders.forEach(c -> descriptions.put(c.name(), c.description()));
            descriptions.forEach((name, what) -> System.out.println("  " + name + ": " + what));

            OpenLoopDriver driver = new OpenLoopDriver(clientVertx, ChatRequestBody.of(64, options.seed(),
                                                                                       options.stream()),
                                                       options.stream());
            long started = System.nanoTime();
            List<WindowResult> windows = new OverheadRun(driver, options, System.out, ticks).run(contenders);
            System.out.printf("measured in %.0f s; load average now %s%n", (System.nanoTime() - started) / 1e9,
                              MachineInfo.loadAverage());
            report(options, commandLine, machine, descriptions, windows, ticks);
            return 0;
        } finally {
            for (Contender c : contenders) {
                c.close();
            }
            clientVertx.close().toCompletionStage().toCompletableFuture().get();
            backendVertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static void report(OverheadOptions options, String commandLine, JsonObject machine,
                               Map<String, String> descriptions, List<WindowResult> windows, int ticks)
        throws IOException {
        List<String> names = List.copyOf(descriptions.keySet());
        List<RateReport> reports = options.rates().stream()
            .map(rate -> RateReport.of(rate, names, windows, ticks)).toList();
        StringBuilder table = new StringBuilder();
        table.append("# Hop overhead, ").append(LocalDateTime.now().withNano(0)).append("\n\n")
            .append("Machine: ").append(MachineInfo.oneLine(machine)).append(".  \n")
            .append("Command: `java -jar examples/overhead/target/token-lb-overhead.jar ").append(commandLine)
            .append("`  \n")
            .append(String.format(java.util.Locale.ROOT,
                                  "%s chat requests of about 300 prompt tokens (%d characters), max_tokens %d, %s "
                                  + "arrivals; latency from scheduled send to last byte.%n",
                                  options.stream() ? "Streamed" : "Non-streamed", ChatRequestBody.PROMPT_CHARS,
                                  ChatRequestBody.MAX_TOKENS,
                                  options.arrivals().name().toLowerCase(java.util.Locale.ROOT)));
        for (RateReport r : reports) {
            table.append(ReportTable.render(r, options.seconds(), options.rounds()));
        }
        List<Targets.Check> checks = List.of();
        Optional<RateReport> at200 = reports.stream().filter(r -> r.rate() == Targets.RATE).findFirst();
        if (at200.isPresent() && at200.get().added("gateway").isPresent()) {
            checks = Targets.check(at200.get().added("gateway").get(), at200.get().added("nginx").orElse(null));
            table.append(ReportTable.targets(checks));
        }
        System.out.println(table);
        Files.writeString(options.out().resolve("table.md"), table, StandardCharsets.UTF_8);
        CsvReport.write(options.out(), reports, windows, ticks);
        JsonReport.write(options.out(), options, machine, descriptions, reports, checks);
        System.out.println("wrote table.md, summary.csv, windows.csv, latencies.csv, results.json to "
                           + options.out().toAbsolutePath());
    }
}
