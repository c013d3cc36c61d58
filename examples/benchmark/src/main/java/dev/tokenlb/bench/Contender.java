package dev.tokenlb.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing the benchmark compares: either the real gateway with a named set of {@code tokenlb.*} settings (optionally
 * with the oracle's output estimate), or the load generator routing straight to the backends. Immutable.
 */
sealed interface Contender {

    String name();

    /**
     * The gateway (the same YAML routes users run, over HTTP on loopback) with these settings on top of
     * {@code application.properties}; {@code tokenlb.port}, {@code tokenlb.host} and {@code tokenlb.backends} are
     * filled in by the runner.
     *
     * @param oracle give the {@code tokenCounter} bean the {@link OracleEstimator}
     */
    record Gateway(String name, Map<String, String> settings, boolean oracle) implements Contender {
        public Gateway {
            settings = Map.copyOf(settings);
        }
    }

    /** No gateway: the load generator picks the backend itself. */
    record Direct(String name, DirectRouter.Policy policy) implements Contender {
    }

    /** nginx with {@code least_conn} in front of the backends ({@link NginxLeastConn}); scenarios only. */
    record Nginx(String name) implements Contender {
    }

    /** {@code key=value} pairs separated by commas or semicolons, as on the command line. */
    static Map<String, String> settings(String pairs) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : pairs.split("[,;]")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, was '" + pair.trim() + "'");
            }
            String key = pair.substring(0, eq).trim();
            settings.put(key.startsWith("tokenlb.") ? key : "tokenlb." + key, pair.substring(eq + 1).trim());
        }
        return settings;
    }
}
