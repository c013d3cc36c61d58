package dev.tokenlb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Writes {@code results.json}: the machine, the options, each cluster's saturation, and per point every repeat's
 * figures (with ratios to round robin) and the aggregate over repeats. A missing figure (NaN) is written as null,
 * since JSON has no NaN. Stateless.
 */
final class JsonReport {

    private JsonReport() {
    }

    static void write(BenchmarkResult result, Path dir) throws IOException {
        Files.writeString(dir.resolve("results.json"), toJson(result).encodePrettily());
    }

    static JsonObject toJson(BenchmarkResult result) {
        BenchOptions o = result.options();
        MachineInfo m = result.machine();
        JsonObject json = new JsonObject()
                .put("started", result.started().toString())
                .put("elapsedSeconds", num(result.elapsedSeconds()))
                .put("machine", new JsonObject().put("cores", m.cores()).put("cpu", m.cpu())
                        .put("memoryMb", m.memoryMb()).put("maxHeapMb", m.maxHeapMb()).put("jdk", m.jdk())
                        .put("os", m.os()))
                .put("options", new JsonObject().put("quick", o.quick()).put("repeats", o.repeats())
                        .put("seed", o.seed()).put("requestsPerRun", o.requestsPerPoint())
                        .put("timeScale", o.timeScale()).put("drainSimSeconds", o.drainSimSeconds())
                        .put("loads", new JsonArray(o.loads()))
                        .put("contenders", contenders(o)));
        JsonObject saturation = new JsonObject();
        for (Map.Entry<String, Saturation> e : result.saturation().entrySet()) {
            Saturation s = e.getValue();
            saturation.put(e.getKey(), new JsonObject().put("requestsPerSecond", num(s.requestsPerSecond()))
                    .put("outputTokensPerSecond", num(s.outputTokensPerS()))
                    .put("completionsPerSecond", num(s.completionsPerSecond()))
                    .put("measured", s.measured()).put("concurrency", s.concurrency())
                    .put("windowSeconds", num(s.windowSeconds())));
        }
        json.put("saturation", saturation);
        JsonArray points = new JsonArray();
        for (PointResult p : result.points()) {
            points.add(point(p));
        }
        return json.put("points", points);
    }

    private static JsonArray contenders(BenchOptions o) {
        JsonArray out = new JsonArray();
        for (Contender c : o.contenders()) {
            JsonObject entry = new JsonObject().put("name", c.name());
            if (c instanceof Contender.Gateway g) {
                entry.put("kind", "gateway").put("settings", object(g.settings()))
                        .put("oracle", g.oracle());
            } else {
                entry.put("kind", "direct").put("policy", ((Contender.Direct) c).policy().name());
            }
            out.add(entry);
        }
        return out;
    }

    private static JsonObject point(PointResult p) {
        JsonArray repeats = new JsonArray();
        for (PointResult.Repeat r : p.repeats()) {
            RunSummary base = r.baseline();
            JsonArray runs = new JsonArray();
            for (RunSummary s : r.summaries()) {
                JsonObject run = new JsonObject().put("contender", s.contender()).put("requests", s.requests())
                        .put("errors", s.errors()).put("unfinished", s.unfinished());
                JsonObject ratios = new JsonObject();
                for (Metric m : Metric.values()) {
                    run.put(m.key(), num(m.of(s)));
                    ratios.put(m.key(), num(m.ratio(s, base)));
                }
                run.put("ratioToRoundRobin", ratios).put("maxSendLagMs", num(s.maxSendLagMs()))
                        .put("requestsPerBackend", object(s.perBackend()))
                        .put("firstErrors", new JsonArray(s.firstErrors()));
                runs.add(run);
            }
            repeats.add(new JsonObject().put("repeat", r.index()).put("seed", r.seed()).put("runs", runs));
        }
        JsonArray aggregates = new JsonArray();
        for (PointResult.Aggregate a : p.aggregates()) {
            JsonObject values = new JsonObject();
            JsonObject ratios = new JsonObject();
            for (Metric m : Metric.values()) {
                values.put(m.key(), spread(a.values().get(m)));
                ratios.put(m.key(), spread(a.ratios().get(m)));
            }
            aggregates.add(new JsonObject().put("contender", a.contender()).put("requests", a.requests())
                    .put("errors", a.errors()).put("unfinished", a.unfinished()).put("values", values)
                    .put("ratioToRoundRobin", ratios));
        }
        return new JsonObject().put("cluster", p.cluster().name()).put("speeds", p.cluster().speedsText())
                .put("load", p.load()).put("ratePerSecond", num(p.ratePerSecond()))
                .put("repeats", repeats).put("summary", aggregates);
    }

    private static JsonObject spread(Spread s) {
        return new JsonObject().put("median", num(s.median())).put("min", num(s.min())).put("max", num(s.max()));
    }

    private static JsonObject object(Map<String, ?> map) {
        JsonObject out = new JsonObject();
        map.forEach(out::put);
        return out;
    }

    private static Double num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }
}
