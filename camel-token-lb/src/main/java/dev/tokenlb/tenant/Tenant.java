package dev.tokenlb.tenant;

import java.util.Locale;

/**
 * One caller of the gateway: a name (shown in metrics and status, never the key), its API key and its limits. A limit
 * of 0 means none. Immutable.
 *
 * @param tokensPerMinute   prompt plus output tokens per minute
 * @param requestsPerMinute requests per minute
 * @param dailyTokens       prompt plus output tokens per UTC day
 * @param priority          {@code interactive} (the default) or {@code batch}; read, not yet acted on
 */
public record Tenant(String name, String key, long tokensPerMinute, long requestsPerMinute, long dailyTokens,
                     Priority priority) {

    /** Scheduling class of a tenant's requests. */
    public enum Priority {
        INTERACTIVE, BATCH
    }

    public Tenant {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a tenant needs a name");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("tenant '" + name + "' needs a key");
        }
        if (tokensPerMinute < 0 || requestsPerMinute < 0 || dailyTokens < 0) {
            throw new IllegalArgumentException("tenant '" + name + "': limits must be >= 0 (0: none)");
        }
    }

    /** Without the key, for logs. */
    @Override
    public String toString() {
        return "Tenant[" + name + ", tpm=" + tokensPerMinute + ", rpm=" + requestsPerMinute + ", daily="
               + dailyTokens + ", " + priority.name().toLowerCase(Locale.ROOT) + "]";
    }
}
