package dev.tokenlb.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How a balancer routes by model, as configured. Immutable.
 *
 * @param configured    per target, its configured models; {@link ServedModels#UNKNOWN} where none
 * @param defaultModel  the model of a request that names none; null: any target
 * @param aliases       requested id to served model
 * @param fallbacks     model to the model serving its requests when none of its targets can
 * @param path          path of the model list on every backend URL; null or blank: no discovery
 * @param refreshMillis time between two discoveries; 0: only at start
 * @param timeoutMillis how long one discovery request may take
 */
public record ModelSettings(List<ServedModels> configured, String defaultModel, Map<String, String> aliases,
                            Map<String, String> fallbacks, String path, long refreshMillis, long timeoutMillis) {

    /** Defaults of the bean and the gateway: discovery on {@code /v1/models} every 30 s, 2 s timeout. */
    public static final String DEFAULT_PATH = "/v1/models";
    public static final long DEFAULT_REFRESH_MILLIS = 30_000;
    public static final long DEFAULT_TIMEOUT_MILLIS = 2_000;

    public ModelSettings {
        configured = List.copyOf(configured);
        aliases = Map.copyOf(aliases);
        fallbacks = Map.copyOf(fallbacks);
        if (refreshMillis < 0) {
            throw new IllegalArgumentException("modelsRefreshMillis must be >= 0 (0: only at start), was "
                                               + refreshMillis);
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("modelsTimeoutMillis must be > 0, was " + timeoutMillis);
        }
        for (Map.Entry<String, String> alias : aliases.entrySet()) {
            if (aliases.containsKey(alias.getValue())) {
                throw new IllegalArgumentException("modelAliases: '" + alias.getKey() + "' maps to '"
                                                   + alias.getValue() + "', itself an alias; name the served model");
            }
        }
    }

    /** No model routing beyond the request's own model: nothing configured, no discovery. */
    public static ModelSettings none(int targets) {
        return new ModelSettings(Collections.nCopies(targets, ServedModels.UNKNOWN), null, Map.of(), Map.of(), null,
                0, DEFAULT_TIMEOUT_MILLIS);
    }

    public boolean discovering() {
        return path != null && !path.isBlank();
    }
}
