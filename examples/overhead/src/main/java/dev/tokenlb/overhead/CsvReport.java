package dev.tokenlb.overhead;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * CSV files of a run: {@code summary.csv} (one row per rate and contender, pooled over rounds), {@code windows.csv}
 * (one row per measured window) and {@code latencies.csv} (every successful request's latency in microseconds).
 * Stateless.
 */
final class CsvReport {

    private CsvReport() {
    }

    static void write(Path dir, List<RateReport> reports, List<WindowResult> windows, int ticksPerSecond)
        throws IOException {
        try (Writer w = Files.newBufferedWriter(dir.resolve("summary.csv"), StandardCharsets.UTF_8)) {
            w.write("rate,contender,windows,sent,ok,errors,unfinished,p50_ms,p90_ms,p99_ms,max_ms,mean_ms,"
                    + "added_p50_ms,added_p99_ms,added_mean_ms,cpu_ms_per_request,lag_p99_ms,achieved_rate\n");
            for (RateReport r : reports) {
                for (ContenderStats s : r.stats()) {
                    AddedLatency a = r.added(s.contender()).orElse(null);
                    w.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s%n",
                                          s.rate(), s.contender(), s.windows(), s.sent(), s.ok(), s.errors(),
                                          s.unfinished(), n(s.p50Ms()), n(s.p90Ms()), n(s.p99Ms()), n(s.maxMs()),
                                          n(s.meanMs()), a == null ? "" : n(a.p50Ms()), a == null ? "" : n(a.p99Ms()),
                                          a == null ? "" : n(a.meanMs()), n(s.cpuMsPerRequest()), n(s.lagP99Ms()),
                                          n(s.achievedRate())));
                }
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("windows.csv"), StandardCharsets.UTF_8)) {
            w.write("round,rate,contender,sent,ok,errors,unfinished,p50_ms,p99_ms,mean_ms,cpu_ticks,"
                    + "cpu_ms_per_request,wall_ms\n");
            for (WindowResult win : windows) {
                ContenderStats s = ContenderStats.of(win.contender(), win.rate(), List.of(win), ticksPerSecond);
                w.write(String.format(Locale.ROOT, "%d,%d,%s,%d,%d,%d,%d,%s,%s,%s,%d,%s,%s%n", win.round(),
                                      win.rate(), win.contender(), win.sent(), win.ok(), win.errors(),
                                      win.unfinished(), n(s.p50Ms()), n(s.p99Ms()), n(s.meanMs()), win.cpuTicks(),
                                      n(s.cpuMsPerRequest()), n(win.wallNanos() / 1e6)));
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("latencies.csv"), StandardCharsets.UTF_8)) {
            w.write("round,rate,contender,latency_us\n");
            for (WindowResult win : windows) {
                String prefix = win.round() + "," + win.rate() + "," + win.contender() + ",";
                for (long nanos : win.latencyNanos()) {
                    w.write(prefix + (nanos / 1000) + "\n");
                }
            }
        }
    }

    private static String n(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
