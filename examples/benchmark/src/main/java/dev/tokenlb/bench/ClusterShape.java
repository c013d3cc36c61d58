package dev.tokenlb.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A named simulated cluster: one backend per relative speed (2.0 = twice as fast). Immutable.
 *
 * @param name   {@code equal}, {@code mixed} or {@code unequal}, used in file names
 * @param speeds one entry per backend, in backend order (backend 0 first)
 */
record ClusterShape(String name, double[] speeds) {

    static final ClusterShape EQUAL = new ClusterShape("equal", new double[] {1, 1, 1, 1});
    static final ClusterShape MIXED = new ClusterShape("mixed", new double[] {2, 1, 1, 0.5});
    /** The {@code unequal} scenario's cluster: the same speeds as {@code mixed}, under the scenario's name. */
    static final ClusterShape UNEQUAL = new ClusterShape("unequal", new double[] {2, 1, 1, 0.5});

    static List<ClusterShape> all() {
        return List.of(EQUAL, MIXED);
    }

    /** @throws IllegalArgumentException naming the known shapes */
    static ClusterShape named(String name) {
        return List.of(EQUAL, MIXED, UNEQUAL).stream().filter(s -> s.name.equals(name.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown cluster '" + name + "'; known: equal, mixed, unequal"));
    }

    /** "1,1,1,1" */
    String speedsText() {
        return String.join(",", Arrays.stream(speeds).mapToObj(s -> s == Math.rint(s)
                ? String.valueOf((long) s) : String.valueOf(s)).toList());
    }
}
