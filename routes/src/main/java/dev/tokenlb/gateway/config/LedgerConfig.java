package dev.tokenlb.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tokenlb.cluster.LedgerSettings;

/**
 * Checks the gateway's {@code tokenlb.ledger*} settings at start-up, so that a bad one stops the gateway with a
 * message naming it (the balancer bean names its own properties, such as {@code ledgerTtlMillis}). Stateless.
 */
final class LedgerConfig {

    /** Bean property -> gateway setting. */
    private static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("ledgerPasswordEnv", "tokenlb.ledger-password-env");
        KEYS.put("ledgerKeyPrefix", "tokenlb.ledger-key-prefix");
        KEYS.put("ledgerTimeoutMillis", "tokenlb.ledger-timeout-ms");
        KEYS.put("ledgerSyncMillis", "tokenlb.ledger-sync-ms");
        KEYS.put("ledgerTtlMillis", "tokenlb.ledger-ttl-ms");
    }

    private LedgerConfig() {
    }

    /** @throws IllegalArgumentException naming the {@code tokenlb.ledger*} setting that is wrong */
    static void check(GatewayConfig config) {
        try {
            LedgerSettings s = new LedgerSettings(config.get("tokenlb.ledger"), config.get("tokenlb.ledger-password-env"),
                    config.get("tokenlb.ledger-key-prefix"), config.getLong("tokenlb.ledger-ttl-ms"),
                    config.getLong("tokenlb.ledger-timeout-ms"), config.getLong("tokenlb.ledger-sync-ms"));
            String env = s.passwordEnv();
            if (s.shared() && env != null && !env.isBlank() && System.getenv(env.trim()) == null) {
                throw new IllegalArgumentException("ledgerPasswordEnv: environment variable " + env.trim()
                                                   + " is not set");
            }
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (message.startsWith("setting tokenlb.")) {
                throw e; // a number that is not one: named already
            }
            for (Map.Entry<String, String> k : KEYS.entrySet()) {
                message = message.replace(k.getKey(), k.getValue());
            }
            throw new IllegalArgumentException(message.replaceFirst("^ledger ", "tokenlb.ledger "), e);
        }
    }
}
