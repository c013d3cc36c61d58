package dev.tokenlb.springboot;

import dev.tokenlb.balance.Backends;
import dev.tokenlb.cost.OutputEstimators;
import dev.tokenlb.count.ApiShape;
import dev.tokenlb.count.TokenCounter;
import dev.tokenlb.model.ModelIds;
import dev.tokenlb.pick.PickPolicies;

/**
 * Checks every {@code tokenlb.*} setting before any bean is built from it, so a bad one fails the start naming its key
 * ({@link InvalidTokenLbSettingException}) instead of failing later, when a route starts, in the words of a bean
 * property. Values with a syntax of their own (strategy, backends, encoding, output estimate, API shape) are parsed by
 * the library's own parsers, so the rules cannot drift apart; ranges are checked here.
 * <p>
 * Stateless; thread-safe.
 */
final class SettingsCheck {

    private SettingsCheck() {
    }

    /** @throws InvalidTokenLbSettingException for the first setting that cannot be used */
    static void check(TokenLbProperties p) {
        parse("strategy", p.getStrategy(), () -> PickPolicies.forName(p.getStrategy()));
        if (p.getBackends() != null && !p.getBackends().isBlank()) {
            parse("backends", p.getBackends(), () -> Backends.parse(p.getBackends()));
        }
        parse("encoding", p.getEncoding(), () -> TokenCounter.forEncoding(p.getEncoding(), 0));
        parse("output-estimate", p.getOutputEstimate(),
                () -> OutputEstimators.forSpec(p.getOutputEstimate(), 0, 0));
        parse("api-shape", p.getApiShape(), () -> ApiShape.parse(p.getApiShape()));
        atLeast("max-attempts", p.getMaxAttempts(), 1);
        atLeast("max-inflight-tokens", p.getMaxInflightTokens(), 0);
        atLeast("default-cost", p.getDefaultCost(), 0);
        atLeast("eject-after", p.getEjectAfter(), 0);
        atLeast("eject-ms", p.getEjectMs(), 1);
        atLeast("max-eject-ms", p.getMaxEjectMs(), p.getEjectMs());
        atLeast("probe-interval-ms", p.getProbeIntervalMs(), 1);
        atLeast("probe-timeout-ms", p.getProbeTimeoutMs(), 1);
        atLeast("engine-metrics-interval-ms", p.getEngineMetricsIntervalMs(), 1);
        atLeast("engine-metrics-timeout-ms", p.getEngineMetricsTimeoutMs(), 1);
        atLeast("prefix-cache-tokens", p.getPrefixCacheTokens(), 0);
        atLeast("count-cache-entries", p.getCountCacheEntries(), 0);
        atLeast("default-output-tokens", p.getDefaultOutputTokens(), 0);
        atLeast("max-output-tokens", p.getMaxOutputTokens(), 0);
        String session = p.getSessionKey() == null ? "" : p.getSessionKey().trim();
        if (!session.isEmpty() && !session.equalsIgnoreCase("none") && !session.equalsIgnoreCase("user")
            && !(session.regionMatches(true, 0, "header:", 0, 7) && !session.substring(7).isBlank())) {
            throw invalid("session-key", p.getSessionKey(), "must be empty, none, user or header:NAME");
        }
        parse("model-aliases", p.getModelAliases(), () -> ModelIds.parseMap(p.getModelAliases(), "model-aliases"));
        parse("model-fallbacks", p.getModelFallbacks(),
                () -> ModelIds.parseMap(p.getModelFallbacks(), "model-fallbacks"));
        atLeast("models-refresh-ms", p.getModelsRefreshMs(), 0);
        atLeast("models-timeout-ms", p.getModelsTimeoutMs(), 1);
        atLeast("ledger-ttl-ms", p.getLedgerTtlMs(), 1);
        atLeast("ledger-timeout-ms", p.getLedgerTimeoutMs(), 1);
        atLeast("ledger-sync-ms", p.getLedgerSyncMs(), 1);
        if (!(p.getFirstTokenWeight() >= 0) || Double.isInfinite(p.getFirstTokenWeight())) {
            throw invalid("first-token-weight", p.getFirstTokenWeight(), "must be a finite number >= 0");
        }
    }

    private static void parse(String key, String value, Runnable parser) {
        try {
            parser.run();
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenLbSettingException(TokenLbProperties.PREFIX + "." + key, value, e.getMessage());
        }
    }

    private static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw invalid(key, value, "must be >= " + min);
        }
    }

    private static InvalidTokenLbSettingException invalid(String key, Object value, String reason) {
        return new InvalidTokenLbSettingException(TokenLbProperties.PREFIX + "." + key, value, reason);
    }
}
