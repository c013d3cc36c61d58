package dev.tokenlb.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The scenarios' results: a table per scenario (mean and p99 latency, mean TTFT, errors, and the ratios of those three
 * to each of the scenario's baselines; the foreign client's own figures below), as text and Markdown,
 * {@code scenarios.csv}, and {@code ratios-scenarios.png} (per scenario, each contender's ratio to the scenario's
 * first baseline: mean, p99, TTFT). Stateless.
 */
final class ScenarioReport {

    private static final Metric[] RATIOS = {Metric.MEAN, Metric.P99, Metric.TTFT_MEAN};

    private ScenarioReport() {
    }

    static void write(List<ScenarioResult> results, BenchOptions options, double elapsedSeconds, Path dir)
            throws IOException {
        Files.writeString(dir.resolve("scenarios.txt"), text(results, options, elapsedSeconds, false));
        Files.writeString(dir.resolve("scenarios.md"), text(results, options, elapsedSeconds, true));
        Files.writeString(dir.resolve("scenarios.csv"), csv(results));
        chart(results, dir.resolve("ratios-scenarios.png"));
    }

    static String text(List<ScenarioResult> results, BenchOptions o, double elapsedSeconds, boolean markdown) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "scenarios: %d requests per run (multiturn: %d conversations), seed %d,"
                        + " time scale %s (wall-clock ms), %s, took %.0f s%nmachine: %s%n", o.requestsPerPoint(),
                Math.max(4, o.requestsPerPoint() / 4), o.seed(), o.timeScale(), o.engine(), elapsedSeconds,
                MachineInfo.detect().describe()));
        for (ScenarioResult r : results) {
            Scenario s = r.scenario();
            out.append('\n').append(markdown ? "### " : "").append(String.format(Locale.ROOT,
                    "%s: speeds %s, %d%% load = %.2f %s through the contender%s (saturation %.1f req/s, standard mix)",
                    s.name(), s.cluster().speedsText(), Math.round(r.load() * 100), r.rate(),
                    s.multiTurn() ? "turns/s (estimated)" : "req/s",
                    s.foreignShare() > 0 ? String.format(Locale.ROOT, " + %.0f%% of the load from a foreign client "
                            + "to backend %d", s.foreignShare() * 100, s.foreignBackend()) : "",
                    r.saturation().requestsPerSecond())).append(markdown ? "\n\n" : "\n");
            List<String[]> rows = new ArrayList<>();
            List<String> head = new ArrayList<>(List.of("contender", "req", "err", "unfin", "mean ms", "p99 ms",
                    "TTFT ms"));
            for (String b : s.baselines()) {
                head.add("mean/" + b);
                head.add("p99/" + b);
                head.add("TTFT/" + b);
            }
            rows.add(head.toArray(String[]::new));
            for (RunSummary own : r.own()) {
                List<String> row = figures(own.contender(), own);
                for (String b : s.baselines()) {
                    RunSummary base = r.of(b);
                    for (Metric m : RATIOS) {
                        double ratio = m.ratio(own, base);
                        row.add(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio));
                    }
                }
                rows.add(row.toArray(String[]::new));
            }
            table(out, rows, markdown);
            if (!r.foreign().isEmpty()) {
                out.append(markdown ? "\nforeign client (not in the figures above):\n\n" : "foreign client (not in "
                        + "the figures above):\n");
                List<String[]> foreignRows = new ArrayList<>();
                foreignRows.add(new String[] {"beside", "req", "err", "unfin", "mean ms", "p99 ms", "TTFT ms"});
                for (RunSummary f : r.foreign()) {
                    foreignRows.add(figures(f.contender(), f).toArray(String[]::new));
                }
                table(out, foreignRows, markdown);
            }
            for (String note : r.notes()) {
                out.append("note: ").append(note).append('\n');
            }
        }
        out.append("\nlatency over successful requests (from the scheduled arrival, or for a later turn from the "
                + "previous reply's end plus think time), TTFT over streamed ones.\n");
        return out.toString();
    }

    private static List<String> figures(String name, RunSummary s) {
        return new ArrayList<>(List.of(name, String.valueOf(s.requests()), String.valueOf(s.errors()),
                String.valueOf(s.unfinished()), ms(s.meanMs()), ms(s.p99Ms()), ms(s.ttftMeanMs())));
    }

    private static void table(StringBuilder out, List<String[]> rows, boolean markdown) {
        if (markdown) {
            for (int r = 0; r < rows.size(); r++) {
                out.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
                if (r == 0) {
                    out.append("|---".repeat(rows.get(0).length)).append("|\n");
                }
            }
            return;
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                String cell = i == 0 ? row[i] + " ".repeat(widths[i] - row[i].length())
                        : " ".repeat(widths[i] - row[i].length()) + row[i];
                out.append(cell).append(i == row.length - 1 ? "" : "  ");
            }
            out.append('\n');
        }
    }

    static String csv(List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder("scenario,speeds,load,rate_per_s,client,contender,requests,errors,"
                + "unfinished,mean_ms,p50_ms,p99_ms,ttft_mean_ms,ttft_p99_ms,out_tok_s,baseline,ratio_mean,ratio_p99,"
                + "ratio_ttft_mean\n");
        for (ScenarioResult r : results) {
            Scenario s = r.scenario();
            for (String client : List.of("gateway", "foreign")) {
                for (RunSummary x : client.equals("gateway") ? r.own() : r.foreign()) {
                    List<String> baselines = client.equals("gateway") ? s.baselines() : List.of("");
                    for (String b : baselines) {
                        RunSummary base = b.isEmpty() ? null : r.of(b);
                        out.append(String.join(",", s.name(), "\"" + s.cluster().speedsText() + "\"",
                                CsvReport.num(r.load()), CsvReport.num(r.rate()), client, x.contender(),
                                String.valueOf(x.requests()), String.valueOf(x.errors()),
                                String.valueOf(x.unfinished()), CsvReport.num(x.meanMs()), CsvReport.num(x.p50Ms()),
                                CsvReport.num(x.p99Ms()), CsvReport.num(x.ttftMeanMs()), CsvReport.num(x.ttftP99Ms()),
                                CsvReport.num(x.outputTokensPerS()), b, CsvReport.num(Metric.MEAN.ratio(x, base)),
                                CsvReport.num(Metric.P99.ratio(x, base)),
                                CsvReport.num(Metric.TTFT_MEAN.ratio(x, base)))).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    static void chart(List<ScenarioResult> results, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Set<String> contenders = new LinkedHashSet<>();
        results.forEach(r -> r.own().forEach(s -> contenders.add(s.contender())));
        List<String> categories = results.stream().map(r -> r.scenario().name()).toList(); // short: no overlap
        String baselines = String.join(", ", results.stream().map(r -> r.scenario().name() + ": "
                + r.scenario().baselines().get(0)).toList());
        List<BufferedImage> panels = new ArrayList<>();
        for (Metric m : RATIOS) {
            boolean legend = m == Metric.TTFT_MEAN;
            CategoryChart chart = new CategoryChartBuilder().width(legend ? 820 : 620).height(480)
                    .title(m.label().replace(" ms", "") + " / scenario baseline")
                    .xAxisTitle("baseline of " + baselines).yAxisTitle("ratio (lower = better)").build();
            chart.getStyler().setLegendVisible(legend);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisDecimalPattern("0.00");
            List<String> all = List.copyOf(contenders);
            for (String contender : all) {
                List<Double> values = new ArrayList<>();
                for (ScenarioResult r : results) {
                    RunSummary s = r.of(contender);
                    double ratio = s == null ? Double.NaN : m.ratio(s, r.of(r.scenario().baselines().get(0)));
                    values.add(Double.isNaN(ratio) ? 0.0 : ratio);
                }
                chart.addSeries(contender, categories, values).setFillColor(Charts.color(contender, all));
            }
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        ImageIO.write(Charts.sideBySide(panels), "png", file.toFile());
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
