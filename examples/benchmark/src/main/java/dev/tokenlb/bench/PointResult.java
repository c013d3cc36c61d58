package dev.tokenlb.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything measured at one point (cluster, load): each repeat's summaries and their aggregate per contender.
 * Immutable by convention.
 *
 * @param cluster       the cluster shape
 * @param saturation    the cluster's saturation throughput the load refers to
 * @param load          the fraction of saturation offered
 * @param ratePerSecond the arrival rate, per wall-clock second
 * @param repeats       one entry per repeat, with paired seeds
 */
record PointResult(ClusterShape cluster, Saturation saturation, double load, double ratePerSecond,
                   List<Repeat> repeats) {

    /** One repeat: every contender on the same seeded requests and arrivals. */
    record Repeat(int index, long seed, List<RunSummary> summaries) {

        /** Gateway round robin; if it did not run, direct round robin; else null (no ratios). */
        RunSummary baseline() {
            RunSummary direct = null;
            for (RunSummary s : summaries) {
                if (s.contender().equals(Contenders.BASELINE)) {
                    return s;
                }
                if (s.contender().equals("direct-round-robin")) {
                    direct = s;
                }
            }
            return direct;
        }

        RunSummary of(String contender) {
            return summaries.stream().filter(s -> s.contender().equals(contender)).findFirst().orElse(null);
        }
    }

    /**
     * A contender's figures over the repeats: counts summed, every metric and its ratio to the baseline as median and
     * range (ratios are paired: taken within each repeat, then aggregated).
     */
    record Aggregate(String contender, int requests, int errors, int unfinished, Map<Metric, Spread> values,
                     Map<Metric, Spread> ratios) {
    }

    /** "equal 80%" */
    String label() {
        return cluster.name() + " " + Math.round(load * 100) + "%";
    }

    List<String> contenders() {
        return repeats.get(0).summaries().stream().map(RunSummary::contender).toList();
    }

    List<Aggregate> aggregates() {
        List<Aggregate> out = new ArrayList<>();
        for (String contender : contenders()) {
            int requests = 0;
            int errors = 0;
            int unfinished = 0;
            for (Repeat r : repeats) {
                RunSummary s = r.of(contender);
                requests += s.requests();
                errors += s.errors();
                unfinished += s.unfinished();
            }
            Map<Metric, Spread> values = new EnumMap<>(Metric.class);
            Map<Metric, Spread> ratios = new EnumMap<>(Metric.class);
            for (Metric m : Metric.values()) {
                values.put(m, spread(r -> m.of(r.of(contender))));
                ratios.put(m, spread(r -> m.ratio(r.of(contender), r.baseline())));
            }
            out.add(new Aggregate(contender, requests, errors, unfinished, values, ratios));
        }
        return out;
    }

    private Spread spread(Function<Repeat, Double> figure) {
        return Spread.of(repeats.stream().mapToDouble(figure::apply).toArray());
    }
}
