package dev.tokenlb.overhead;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything reported for one rate: each contender's pooled figures, each hop's added latency over {@code direct}, and
 * the gateway's added latency as a multiple of nginx's. Immutable.
 */
record RateReport(int rate, List<ContenderStats> stats, List<AddedLatency> added) {

    /**
     * @param contenders names in table order
     * @param windows    every measured window of the run (other rates are ignored)
     */
    static RateReport of(int rate, List<String> contenders, List<WindowResult> windows, int ticksPerSecond) {
        List<ContenderStats> stats = new ArrayList<>();
        for (String name : contenders) {
            List<WindowResult> mine = windows.stream()
                .filter(w -> w.rate() == rate && w.contender().equals(name)).toList();
            if (!mine.isEmpty()) {
                stats.add(ContenderStats.of(name, rate, mine, ticksPerSecond));
            }
        }
        List<AddedLatency> added = new ArrayList<>();
        stats.stream().filter(s -> s.contender().equals("direct")).findFirst().ifPresent(direct -> stats.stream()
            .filter(s -> s != direct).forEach(s -> added.add(AddedLatency.of(s, direct))));
        return new RateReport(rate, List.copyOf(stats), List.copyOf(added));
    }

    Optional<AddedLatency> added(String contender) {
        return added.stream().filter(a -> a.contender().equals(contender)).findFirst();
    }

    /** Gateway-added / nginx-added p50; NaN when either is missing or nginx added nothing measurable. */
    double gatewayToNginxP50() {
        return ratio(true);
    }

    double gatewayToNginxP99() {
        return ratio(false);
    }

    private double ratio(boolean p50) {
        Optional<AddedLatency> gateway = added("gateway");
        Optional<AddedLatency> nginx = added("nginx");
        if (gateway.isEmpty() || nginx.isEmpty()) {
            return Double.NaN;
        }
        return p50 ? AddedLatency.ratio(gateway.get().p50Ms(), nginx.get().p50Ms(), Targets.RATIO_FLOOR_MS)
                   : AddedLatency.ratio(gateway.get().p99Ms(), nginx.get().p99Ms(), Targets.RATIO_FLOOR_MS);
    }
}
