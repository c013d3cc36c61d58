package dev.tokenlb.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar examples/benchmark/target/token-lb-bench.jar [--quick] [options]}: measures the simulated
 * cluster's saturation, runs every contender at each load on the same seeded open-loop workload, prints the table,
 * and writes {@code results.json}, {@code runs.csv}, {@code summary.csv}, {@code requests.csv}, {@code table.txt},
 * {@code table.md} and the PNG charts into the output directory. {@code --help} lists the options ({@link BenchOptions#USAGE}).
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the benchmark; returns the process exit code (0 ok, 2 bad arguments, 1 failure). */
    public static int run(String[] args, PrintStream out) {
        quietLogging();
        if (BenchOptions.wantsHelp(args)) {
            out.println(BenchOptions.USAGE);
            return 0;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("token-lb-bench: " + e.getMessage());
            out.println();
            out.println(BenchOptions.USAGE);
            return 2;
        }
        try {
            if (!options.scenarios().isEmpty()) {
                List<ScenarioResult> results = runScenarios(options, out);
                out.println("results in " + options.out().toAbsolutePath().normalize());
                return results.isEmpty() ? 1 : 0;
            }
            BenchmarkResult result = runAndReport(options, out);
            out.println("results in " + options.out().toAbsolutePath().normalize());
            return result.points().isEmpty() ? 1 : 0;
        } catch (Exception e) {
            out.println("token-lb-bench failed: " + e);
            e.printStackTrace(out);
            return 1;
        }
    }

    static BenchmarkResult runAndReport(BenchOptions options, PrintStream out) throws Exception {
        Files.createDirectories(options.out());
        out.printf(Locale.ROOT, "token-lb-bench%s: clusters %s, loads %s, %d contenders, %d requests per run, "
                        + "%d repeat(s), time scale %s, on %s%n", options.quick() ? " --quick" : "",
                options.clusters().stream().map(ClusterShape::name).toList(), options.loads(),
                options.contenders().size(), options.requestsPerPoint(), options.repeats(), options.timeScale(),
                MachineInfo.detect().describe());
        BenchmarkResult result;
        try (BenchmarkRunner runner = new BenchmarkRunner(options, new Progress(out, 5_000))) {
            result = runner.run();
        }
        String table = ReportTable.text(result);
        out.println();
        out.print(table);
        Path dir = options.out();
        Files.writeString(dir.resolve("table.txt"), table);
        Files.writeString(dir.resolve("table.md"), ReportTable.markdown(result));
        CsvReport.write(result, dir);
        JsonReport.write(result, dir);
        RequestsCsv.write(result, dir);
        List<Path> charts = Charts.write(result, dir);
        out.println("charts: " + charts.stream().map(p -> p.getFileName().toString()).toList());
        return result;
    }

    static List<ScenarioResult> runScenarios(BenchOptions options, PrintStream out) throws Exception {
        Files.createDirectories(options.out());
        out.printf(Locale.ROOT, "token-lb-bench --scenarios %s: %d contenders, %d requests per run, time scale %s, "
                        + "on %s%n", options.scenarios().stream().map(Scenario::name).toList(),
                options.contenders().size(), options.requestsPerPoint(), options.timeScale(),
                MachineInfo.detect().describe());
        long t0 = System.nanoTime();
        List<ScenarioResult> results;
        try (ScenarioRunner runner = new ScenarioRunner(options, new Progress(out, 5_000))) {
            results = runner.run();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        out.println();
        out.print(ScenarioReport.text(results, options, elapsed, false));
        ScenarioReport.write(results, options, elapsed, options.out());
        out.println("written: scenarios.txt, scenarios.md, scenarios.csv, ratios-scenarios.png");
        return results;
    }

    /** The gateway logs every context start at INFO; a benchmark starts dozens. Explicit settings still win. */
    private static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }
}
