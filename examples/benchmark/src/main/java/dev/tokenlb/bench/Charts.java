package dev.tokenlb.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the PNG charts with XChart: {@code cdf-CLUSTER-LOAD.png}, the latency CDF of every contender at one point
 * (latencies of all repeats pooled; a direct contender dashed, in its gateway twin's colour), and
 * {@code ratios-CLUSTER.png}, three panels of bars (mean latency, p99 latency, mean TTFT) of each contender's ratio to
 * round robin per load (median over repeats, direct contenders in a lighter shade; no error bars, since XChart's are
 * symmetric and the range over repeats is not: it is in the table and the CSV). Runs headless. Stateless.
 */
final class Charts {

    private static final int CDF_POINTS = 300;
    /** Colour-blind-safe (Okabe-Ito) colours by contender; a direct contender takes its gateway twin's colour. */
    private static final Map<String, Color> COLORS = Map.of(
            "tokens", new Color(0, 114, 178),
            "round-robin", new Color(230, 159, 0),
            "random", new Color(128, 128, 128),
            "least-requests", new Color(0, 158, 115),
            "oracle", new Color(204, 121, 167));
    private static final Color[] OTHERS = {new Color(213, 94, 0), new Color(86, 180, 233),
        new Color(240, 228, 66), new Color(0, 0, 0)};

    private Charts() {
    }

    /** @return the files written */
    static List<Path> write(BenchmarkResult result, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        for (PointResult p : result.points()) {
            Path file = dir.resolve(cdfName(p.cluster().name(), p.load()));
            BitmapEncoder.saveBitmap(cdf(p), file.toString(), BitmapEncoder.BitmapFormat.PNG);
            written.add(file);
        }
        Set<String> clusters = new LinkedHashSet<>();
        result.points().forEach(p -> clusters.add(p.cluster().name()));
        for (String cluster : clusters) {
            List<PointResult> points = result.points().stream().filter(p -> p.cluster().name().equals(cluster))
                    .toList();
            List<BufferedImage> panels = new ArrayList<>();
            List<Metric> metrics = List.of(Metric.MEAN, Metric.P99, Metric.TTFT_MEAN);
            for (Metric m : metrics) {
                // one legend, on the last panel, so that the others keep their width for the bars
                panels.add(BitmapEncoder.getBufferedImage(ratioBars(cluster, points, m, m == Metric.TTFT_MEAN)));
            }
            Path file = dir.resolve("ratios-" + cluster + ".png");
            ImageIO.write(sideBySide(panels), "png", file.toFile());
            written.add(file);
        }
        return written;
    }

    static XYChart cdf(PointResult p) {
        XYChart chart = new XYChartBuilder().width(900).height(600)
                .title(String.format(Locale.ROOT, "Latency CDF: %s cluster (speeds %s), %d%% load = %.1f req/s",
                        p.cluster().name(), p.cluster().speedsText(), Math.round(p.load() * 100), p.ratePerSecond()))
                .xAxisTitle("end-to-end latency (wall-clock s, log scale)").yAxisTitle("fraction of requests")
                .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        for (String contender : p.contenders()) {
            List<Double> pooled = new ArrayList<>();
            for (PointResult.Repeat r : p.repeats()) {
                for (double ms : r.of(contender).latenciesMs()) {
                    pooled.add(ms / 1000);
                }
            }
            if (pooled.isEmpty()) {
                continue;
            }
            double[] sorted = Percentiles.sorted(pooled.stream().mapToDouble(Double::doubleValue).toArray());
            int n = Math.min(CDF_POINTS, sorted.length);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                int index = (int) Math.round((double) i * (sorted.length - 1) / Math.max(1, n - 1));
                x[i] = Math.max(sorted[index], 1e-3);
                y[i] = (index + 1.0) / sorted.length;
            }
            XYSeries series = chart.addSeries(contender, x, y);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(color(contender, p.contenders()));
            if (contender.startsWith("direct-")) {
                series.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        return chart;
    }

    static CategoryChart ratioBars(String cluster, List<PointResult> points, Metric metric, boolean legend) {
        CategoryChart chart = new CategoryChartBuilder().width(legend ? 760 : 560).height(460)
                .title(cluster + " cluster: " + metric.label().replace(" ms", "") + " / round robin")
                .xAxisTitle("load (fraction of saturation)").yAxisTitle("ratio to round robin (lower = better)")
                .build();
        chart.getStyler().setLegendVisible(legend);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        List<String> loads = points.stream().map(p -> Math.round(p.load() * 100) + "%").toList();
        for (String contender : points.get(0).contenders()) {
            if (contender.equals(Contenders.BASELINE)) {
                continue; // it is 1.0 by definition
            }
            List<Double> values = new ArrayList<>();
            for (PointResult p : points) {
                Spread s = p.aggregates().stream().filter(a -> a.contender().equals(contender)).findFirst()
                        .map(a -> a.ratios().get(metric)).orElse(new Spread(Double.NaN, Double.NaN, Double.NaN));
                values.add(Double.isNaN(s.median()) ? 0.0 : s.median());
            }
            CategorySeries series = chart.addSeries(contender, loads, values);
            Color color = color(contender, points.get(0).contenders());
            series.setFillColor(contender.startsWith("direct-") ? lighter(color) : color);
        }
        return chart;
    }

    /** The contender's colour: fixed for the built-in ones, else by its position among the others. */
    static Color color(String contender, List<String> all) {
        String twin = contender.startsWith("direct-") ? contender.substring("direct-".length()) : contender;
        Color fixed = COLORS.get(twin);
        if (fixed != null) {
            return fixed;
        }
        List<String> others = all.stream().filter(c -> !COLORS.containsKey(c.replace("direct-", ""))).toList();
        return OTHERS[Math.max(0, others.indexOf(contender)) % OTHERS.length];
    }

    private static Color lighter(Color c) {
        return new Color((c.getRed() + 255) / 2, (c.getGreen() + 255) / 2, (c.getBlue() + 255) / 2);
    }

    static BufferedImage sideBySide(List<BufferedImage> panels) {
        int width = panels.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage panel : panels) {
            g.drawImage(panel, x, 0, null);
            x += panel.getWidth();
        }
        g.dispose();
        return out;
    }

    /** "cdf-equal-80.png" etc.: the names {@link #write} uses, for tests. */
    static String cdfName(String cluster, double load) {
        return String.format(Locale.ROOT, "cdf-%s-%d.png", cluster, Math.round(load * 100));
    }
}
