package dev.tokenlb.overhead;

import java.util.ArrayList;
import java.util.List;

/**
 * The issue's targets for the gateway hop, checked at {@link #RATE} req/s: added latency at most 1 ms at p50 and 5 ms
 * at p99, and at most twice nginx's added latency (p50 and p99) when nginx ran. Stateless.
 */
final class Targets {

    static final int RATE = 200;
    static final double MAX_ADDED_P50_MS = 1.0;
    static final double MAX_ADDED_P99_MS = 5.0;
    static final double MAX_RATIO_TO_NGINX = 2.0;
    /** nginx's added latency below this counts as zero: no ratio is taken to it. */
    static final double RATIO_FLOOR_MS = 0.005;

    private Targets() {
    }

    /** One checked target. */
    record Check(String what, double value, double limit, boolean met) {

        String line() {
            return String.format(java.util.Locale.ROOT, "%-38s %9s  (target <= %s)  %s", what,
                                 Double.isNaN(value) ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", value),
                                 trim(limit), Double.isNaN(value) ? "NOT MEASURED" : met ? "met" : "NOT MET");
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    /**
     * @param gateway the gateway's added latency at {@link #RATE}
     * @param nginx   nginx's, or null when nginx did not run
     */
    static List<Check> check(AddedLatency gateway, AddedLatency nginx) {
        List<Check> checks = new ArrayList<>();
        checks.add(check("gateway added p50 ms @" + RATE + " req/s", gateway.p50Ms(), MAX_ADDED_P50_MS));
        checks.add(check("gateway added p99 ms @" + RATE + " req/s", gateway.p99Ms(), MAX_ADDED_P99_MS));
        if (nginx != null) {
            checks.add(check("gateway/nginx added p50 @" + RATE + " req/s",
                             AddedLatency.ratio(gateway.p50Ms(), nginx.p50Ms(), RATIO_FLOOR_MS), MAX_RATIO_TO_NGINX));
            checks.add(check("gateway/nginx added p99 @" + RATE + " req/s",
                             AddedLatency.ratio(gateway.p99Ms(), nginx.p99Ms(), RATIO_FLOOR_MS), MAX_RATIO_TO_NGINX));
        }
        return checks;
    }

    private static Check check(String what, double value, double limit) {
        return new Check(what, value, limit, !Double.isNaN(value) && value <= limit);
    }
}
