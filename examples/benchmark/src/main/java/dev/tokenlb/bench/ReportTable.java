package dev.tokenlb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results as text: a fixed-width table per point for the console ({@link #text}) and the same as Markdown
 * ({@link #markdown}). A cell shows the figure (median over repeats) and, in brackets, its ratio to round robin in
 * the same run; with repeats, a last column shows the range of the mean-latency ratio. Stateless.
 */
final class ReportTable {

    private static final Metric[] SHOWN = Metric.values();

    private ReportTable() {
    }

    static String header(BenchmarkResult result) {
        BenchOptions o = result.options();
        return String.format(Locale.ROOT,
                "camel-token-lb benchmark: %d requests per run, %d repeat(s) from seed %d, simulator time scale %s "
                        + "(wall-clock ms below; 1 simulated s = %s wall s), took %.0f s%nmachine: %s%n",
                o.requestsPerPoint(), o.repeats(), o.seed(), number(o.timeScale()), number(o.timeScale()),
                result.elapsedSeconds(), result.machine().describe());
    }

    static String pointTitle(PointResult p) {
        Saturation s = p.saturation();
        return String.format(Locale.ROOT, "%s cluster (speeds %s), %d%% load = %.1f req/s (saturation %.1f req/s%s)",
                p.cluster().name(), p.cluster().speedsText(), Math.round(p.load() * 100), p.ratePerSecond(),
                s.requestsPerSecond(), s.measured() ? String.format(Locale.ROOT, ", %.0f output tok/s",
                        s.outputTokensPerS()) : ", given");
    }

    static String text(BenchmarkResult result) {
        StringBuilder out = new StringBuilder(header(result));
        for (PointResult p : result.points()) {
            out.append('\n').append(pointTitle(p)).append('\n');
            List<String[]> rows = rows(p, result.options().repeats() > 1);
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    String cell = i == 0 ? pad(row[i], widths[i]) : leftPad(row[i], widths[i]);
                    out.append(cell).append(i == row.length - 1 ? "" : "  ");
                }
                out.append('\n');
            }
            out.append(lateRuns(p));
        }
        out.append("\n(x.xx) = ratio to gateway round robin in the same run; latency over successful requests, "
                + "TTFT over streamed ones.\n");
        return out.toString();
    }

    static String markdown(BenchmarkResult result) {
        StringBuilder out = new StringBuilder("# Benchmark results\n\n```\n").append(header(result)).append("```\n");
        for (PointResult p : result.points()) {
            out.append("\n### ").append(pointTitle(p)).append("\n\n");
            List<String[]> rows = rows(p, result.options().repeats() > 1);
            for (int r = 0; r < rows.size(); r++) {
                out.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
                if (r == 0) {
                    out.append("|---".repeat(rows.get(0).length)).append("|\n");
                }
            }
        }
        out.append("\n(x.xx) = ratio to gateway round robin in the same run; latency over successful requests, "
                + "TTFT over streamed ones.\n");
        return out.toString();
    }

    /** A line naming the runs whose load generator fell behind its schedule, or nothing. */
    private static String lateRuns(PointResult p) {
        List<String> late = new ArrayList<>();
        for (PointResult.Repeat r : p.repeats()) {
            for (RunSummary s : r.summaries()) {
                if (s.maxSendLagMs() > BenchmarkRunner.LATE_WARNING_MS) {
                    late.add(String.format(Locale.ROOT, "%s (repeat %d) %.0f ms", s.contender(), r.index() + 1,
                            s.maxSendLagMs()));
                }
            }
        }
        return late.isEmpty() ? "" : "load generator late (a JVM pause or starved CPU; latency includes it): "
                + String.join(", ", late) + "\n";
    }

    private static List<String[]> rows(PointResult p, boolean spread) {
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("contender", "req", "err", "unfin"));
        for (Metric m : SHOWN) {
            head.add(m.label());
        }
        if (spread) {
            head.add("mean/RR range");
        }
        rows.add(head.toArray(String[]::new));
        for (PointResult.Aggregate a : p.aggregates()) {
            List<String> row = new ArrayList<>(List.of(a.contender(), String.valueOf(a.requests()),
                    String.valueOf(a.errors()), String.valueOf(a.unfinished())));
            for (Metric m : SHOWN) {
                row.add(cell(a.values().get(m).median(), a.ratios().get(m).median()));
            }
            if (spread) {
                Spread r = a.ratios().get(Metric.MEAN);
                row.add(String.format(Locale.ROOT, "%.2f-%.2f", r.min(), r.max()));
            }
            rows.add(row.toArray(String[]::new));
        }
        return rows;
    }

    private static String cell(double value, double ratio) {
        String v = Double.isNaN(value) ? "-" : value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
        return Double.isNaN(ratio) ? v : v + String.format(Locale.ROOT, " (%.2f)", ratio);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String leftPad(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
