package dev.tokenlb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code runs.csv} (one row per cluster, load, repeat and contender, with every figure and its ratio to round
 * robin) and {@code summary.csv} (one row per cluster, load and contender: median, min and max over the repeats).
 * Numbers use a dot as decimal separator whatever the locale; a missing figure is an empty cell. Stateless.
 */
final class CsvReport {

    private CsvReport() {
    }

    static void write(BenchmarkResult result, Path dir) throws IOException {
        Files.writeString(dir.resolve("runs.csv"), runs(result));
        Files.writeString(dir.resolve("summary.csv"), summary(result));
    }

    static String runs(BenchmarkResult result) {
        List<String> head = new ArrayList<>(List.of("cluster", "speeds", "load", "rate_per_s", "repeat", "seed",
                "contender", "requests", "errors", "unfinished"));
        for (Metric m : Metric.values()) {
            head.add(m.key());
        }
        for (Metric m : Metric.values()) {
            head.add("ratio_" + m.key());
        }
        head.add("max_send_lag_ms");
        head.add("requests_per_backend");
        StringBuilder out = new StringBuilder(String.join(",", head)).append('\n');
        for (PointResult p : result.points()) {
            for (PointResult.Repeat r : p.repeats()) {
                RunSummary base = r.baseline();
                for (RunSummary s : r.summaries()) {
                    List<String> row = new ArrayList<>(List.of(p.cluster().name(), quote(p.cluster().speedsText()),
                            num(p.load()), num(p.ratePerSecond()), String.valueOf(r.index()),
                            String.valueOf(r.seed()), s.contender(), String.valueOf(s.requests()),
                            String.valueOf(s.errors()), String.valueOf(s.unfinished())));
                    for (Metric m : Metric.values()) {
                        row.add(num(m.of(s)));
                    }
                    for (Metric m : Metric.values()) {
                        row.add(num(m.ratio(s, base)));
                    }
                    row.add(num(s.maxSendLagMs()));
                    row.add(quote(perBackend(s.perBackend())));
                    out.append(String.join(",", row)).append('\n');
                }
            }
        }
        return out.toString();
    }

    static String summary(BenchmarkResult result) {
        List<String> head = new ArrayList<>(List.of("cluster", "load", "rate_per_s", "repeats", "contender",
                "requests", "errors", "unfinished"));
        for (Metric m : Metric.values()) {
            head.addAll(List.of(m.key() + "_median", m.key() + "_min", m.key() + "_max"));
        }
        for (Metric m : Metric.values()) {
            head.addAll(List.of("ratio_" + m.key() + "_median", "ratio_" + m.key() + "_min",
                    "ratio_" + m.key() + "_max"));
        }
        StringBuilder out = new StringBuilder(String.join(",", head)).append('\n');
        for (PointResult p : result.points()) {
            for (PointResult.Aggregate a : p.aggregates()) {
                List<String> row = new ArrayList<>(List.of(p.cluster().name(), num(p.load()),
                        num(p.ratePerSecond()), String.valueOf(p.repeats().size()), a.contender(),
                        String.valueOf(a.requests()), String.valueOf(a.errors()), String.valueOf(a.unfinished())));
                for (Metric m : Metric.values()) {
                    row.addAll(spread(a.values().get(m)));
                }
                for (Metric m : Metric.values()) {
                    row.addAll(spread(a.ratios().get(m)));
                }
                out.append(String.join(",", row)).append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> spread(Spread s) {
        return List.of(num(s.median()), num(s.min()), num(s.max()));
    }

    static String num(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
    }

    private static String perBackend(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
