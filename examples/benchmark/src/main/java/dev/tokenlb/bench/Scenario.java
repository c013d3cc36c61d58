package dev.tokenlb.bench;

import java.util.List;
import java.util.Locale;

/**
 * A named benchmark situation ({@code --scenarios}): a cluster, a workload, maybe a foreign client, and the baselines
 * its ratios are taken against. Immutable.
 *
 * <ul>
 *   <li>{@code equal}: 4 equal backends, the standard mixed-size workload; baseline least-requests</li>
 *   <li>{@code unequal}: speeds 2,1,1,0.5, the standard workload, nginx {@code least_conn} as a contender and the
 *       baseline (least-requests when nginx is not installed)</li>
 *   <li>{@code multiturn}: 4 equal backends with prefix caching, the multi-turn chat workload
 *       ({@link MultiTurnWorkload}); baselines least-requests and round robin</li>
 *   <li>{@code foreign}: 4 equal backends, the standard workload, and a foreign client sending a share of the load
 *       (a quarter by default) straight to backend 1 ({@link ForeignLoad}); baseline least-requests</li>
 * </ul>
 *
 * @param name           the scenario's name, used in file names
 * @param cluster        the backends' speeds
 * @param multiTurn      the multi-turn workload instead of the standard one
 * @param foreignShare   the share of all load sent by the foreign client; 0 = none
 * @param foreignBackend the backend the foreign client sends to
 * @param nginx          nginx least_conn runs as a contender
 * @param baselines      contender names the ratios are taken against, first = the chart's
 */
record Scenario(String name, ClusterShape cluster, boolean multiTurn, double foreignShare, int foreignBackend,
                boolean nginx, List<String> baselines) {

    static final List<String> NAMES = List.of("equal", "unequal", "multiturn", "foreign");

    Scenario {
        baselines = List.copyOf(baselines);
    }

    /** @throws IllegalArgumentException naming the known scenarios */
    static Scenario named(String name, double foreignShare) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "equal" -> new Scenario("equal", ClusterShape.EQUAL, false, 0, 0, false, List.of("least-requests"));
            case "unequal" -> new Scenario("unequal", ClusterShape.UNEQUAL, false, 0, 0, true,
                    List.of(Contenders.NGINX));
            case "multiturn" -> new Scenario("multiturn", ClusterShape.EQUAL, true, 0, 0, false,
                    List.of("least-requests", "round-robin"));
            case "foreign" -> new Scenario("foreign", ClusterShape.EQUAL, false, foreignShare, 1, false,
                    List.of("least-requests"));
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "'; known: "
                    + String.join(", ", NAMES));
        };
    }

    /** The same scenario with other baselines (when nginx is not there). */
    Scenario withBaselines(List<String> names) {
        return new Scenario(name, cluster, multiTurn, foreignShare, foreignBackend, nginx, names);
    }
}
