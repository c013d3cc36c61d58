package dev.tokenlb.gateway.config;

import java.util.Map;

import dev.tokenlb.balance.Backends;
import dev.tokenlb.model.ModelIds;

/**
 * Checks the gateway's model routing settings ({@code tokenlb.model*}, {@code ;models=} in {@code tokenlb.backends}) at
 * start-up, before anything starts, so that a bad one is reported under its own name. Stateless.
 */
final class ModelConfig {

    private ModelConfig() {
    }

    /** @throws IllegalArgumentException naming the model routing setting that is wrong */
    static void check(GatewayConfig config) {
        Map<String, String> aliases = ModelIds.parseMap(config.get("tokenlb.model-aliases"), "tokenlb.model-aliases");
        for (Map.Entry<String, String> alias : aliases.entrySet()) {
            if (aliases.containsKey(alias.getValue())) {
                throw new IllegalArgumentException("tokenlb.model-aliases: '" + alias.getKey() + "' maps to '"
                                                   + alias.getValue() + "', itself an alias; name the served model");
            }
        }
        ModelIds.parseMap(config.get("tokenlb.model-fallbacks"), "tokenlb.model-fallbacks");
        if (config.getLong("tokenlb.models-refresh-ms") < 0) {
            throw new IllegalArgumentException("tokenlb.models-refresh-ms must be >= 0 (0: only at start), was "
                                               + config.get("tokenlb.models-refresh-ms"));
        }
        if (config.getLong("tokenlb.models-timeout-ms") <= 0) {
            throw new IllegalArgumentException("tokenlb.models-timeout-ms must be > 0, was "
                                               + config.get("tokenlb.models-timeout-ms"));
        }
        String path = config.get("tokenlb.models-path");
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("tokenlb.models-path must be empty or a path starting with /, was '"
                                               + path + "'");
        }
        if (!config.backends().isBlank()) {
            Backends.parseModels(config.backends()); // ;models= with no id fails here, naming the backend
        }
    }
}
