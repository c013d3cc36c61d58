package dev.tokenlb.overhead;

import java.util.List;
import java.util.Locale;

/**
 * The console / Markdown table of a rate: one row per contender, then the gateway-to-nginx ratios. Stateless.
 */
final class ReportTable {

    private static final String HEADER = "| contender | requests | errors | p50 ms | p90 ms | p99 ms | max ms | mean ms "
                                         + "| added p50 ms | added p99 ms | CPU ms/req | lag p99 ms |";
    private static final String RULE = "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";

    private ReportTable() {
    }

    static String render(RateReport report, int seconds, int rounds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n### %d req/s (%d rounds x %d s per contender, open loop)%n%n",
                                 report.rate(), rounds, seconds));
        out.append(HEADER).append('\n').append(RULE).append('\n');
        for (ContenderStats s : report.stats()) {
            AddedLatency added = report.added(s.contender()).orElse(null);
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                                     s.contender(), s.ok(), errors(s), f(s.p50Ms()), f(s.p90Ms()), f(s.p99Ms()),
                                     f(s.maxMs()), f(s.meanMs()), added == null ? "-" : signed(added.p50Ms()),
                                     added == null ? "-" : signed(added.p99Ms()), f(s.cpuMsPerRequest()),
                                     f(s.lagP99Ms())));
        }
        if (report.added("gateway").isPresent() && report.added("nginx").isPresent()) {
            out.append(String.format(Locale.ROOT, "%ngateway-added / nginx-added: p50 %s, p99 %s%n",
                                     ratio(report.gatewayToNginxP50()), ratio(report.gatewayToNginxP99())));
        }
        AddedLatency gateway = report.added("gateway").orElse(null);
        AddedLatency camel = report.added("camel").orElse(null);
        if (gateway != null && camel != null) {
            out.append(String.format(Locale.ROOT, "gateway-added minus camel-added (the gateway's own work over a "
                                     + "plain Camel proxy route): p50 %s ms, p99 %s ms%n",
                                     signed(gateway.p50Ms() - camel.p50Ms()), signed(gateway.p99Ms() - camel.p99Ms())));
        }
        return out.toString();
    }

    static String targets(List<Targets.Check> checks) {
        StringBuilder out = new StringBuilder(String.format("%nTargets:%n"));
        checks.forEach(c -> out.append("  ").append(c.line()).append('\n'));
        return out.toString();
    }

    private static String errors(ContenderStats s) {
        return s.unfinished() == 0 ? Integer.toString(s.errors()) : s.errors() + " (+" + s.unfinished() + " unfinished)";
    }

    static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.3f", v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "n/a (nginx added ~0)" : String.format(Locale.ROOT, "%.1fx", v);
    }
}
