package dev.tokenlb.overhead;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code results.json}: the options, the machine, what each contender ran, per rate every contender's figures and
 * added latency, the gateway-to-nginx ratios and the target checks. NaN figures are written as null. Stateless.
 */
final class JsonReport {

    private JsonReport() {
    }

    static void write(Path dir, OverheadOptions options, JsonObject machine, Map<String, String> contenders,
                      List<RateReport> reports, List<Targets.Check> checks) throws IOException {
        JsonObject root = new JsonObject()
            .put("options", new JsonObject().put("rates", new JsonArray(List.copyOf(options.rates())))
                .put("seconds", options.seconds()).put("rounds", options.rounds())
                .put("warmupSeconds", options.warmupSeconds()).put("stream", options.stream())
                .put("arrivals", options.arrivals().name().toLowerCase(java.util.Locale.ROOT))
                .put("promptChars", ChatRequestBody.PROMPT_CHARS).put("maxTokens", ChatRequestBody.MAX_TOKENS)
                .put("seed", options.seed()))
            .put("machine", machine)
            .put("contenders", new JsonObject(Map.copyOf(contenders)));
        JsonArray rates = new JsonArray();
        for (RateReport r : reports) {
            JsonArray stats = new JsonArray();
            for (ContenderStats s : r.stats()) {
                JsonObject row = new JsonObject().put("contender", s.contender()).put("windows", s.windows())
                    .put("sent", s.sent()).put("ok", s.ok()).put("errors", s.errors())
                    .put("unfinished", s.unfinished()).put("p50Ms", num(s.p50Ms())).put("p90Ms", num(s.p90Ms()))
                    .put("p99Ms", num(s.p99Ms())).put("maxMs", num(s.maxMs())).put("meanMs", num(s.meanMs()))
                    .put("cpuMsPerRequest", num(s.cpuMsPerRequest())).put("lagP99Ms", num(s.lagP99Ms()))
                    .put("achievedRate", num(s.achievedRate()));
                r.added(s.contender()).ifPresent(a -> row.put("addedP50Ms", num(a.p50Ms()))
                    .put("addedP99Ms", num(a.p99Ms())).put("addedMeanMs", num(a.meanMs())));
                stats.add(row);
            }
            rates.add(new JsonObject().put("rate", r.rate()).put("contenders", stats)
                .put("gatewayToNginxAddedP50", num(r.gatewayToNginxP50()))
                .put("gatewayToNginxAddedP99", num(r.gatewayToNginxP99())));
        }
        root.put("rates", rates);
        JsonArray targets = new JsonArray();
        checks.forEach(c -> targets.add(new JsonObject().put("what", c.what()).put("value", num(c.value()))
            .put("limit", c.limit()).put("met", c.met())));
        root.put("targets", targets);
        Files.writeString(dir.resolve("results.json"), root.encodePrettily(), StandardCharsets.UTF_8);
    }

    private static Double num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }
}
