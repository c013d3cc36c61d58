package dev.tokenlb.balance;

import dev.tokenlb.health.HealthPolicy;

/**
 * What a {@link Balancer} is built from, as configured on the Camel-facing bean. Immutable.
 *
 * @param strategy           pick strategy name (see {@link dev.tokenlb.pick.PickPolicies})
 * @param maxAttempts        attempts per exchange in all, first included (>= 1)
 * @param failoverExceptions comma-separated exception class names after which another target is tried
 * @param failoverStatuses   comma-separated HTTP statuses after which another target is tried
 * @param learnSpeed         weigh each target by its learned relative speed
 * @param decay              count a streamed reply's work down as it arrives
 * @param health             when targets are ejected
 * @param maxInflightTokens  per-target bound on tokens in flight (times weight); 0: none
 * @param probePath          path probed on every backend URL; null or blank: no active probes
 * @param probeIntervalMillis time between two probes of a backend
 * @param probeTimeoutMillis how long a probe may take
 * @param explain            record why each target was chosen
 * @param engineMetrics      path of the engines' Prometheus metrics on every backend URL; null or blank: not read
 * @param engineIntervalMillis time between two scrapes of a backend's metrics
 * @param engineTimeoutMillis how long one scrape may take
 * @param prefixCacheTokens  what each backend's engine caches of prompt prefixes, in tokens; 0: no prefix affinity
 * @param firstTokenWeight   for the latency strategy, how much more a streamed request's wait for its first byte counts
 */
public record BalancerSettings(String strategy, int maxAttempts, String failoverExceptions, String failoverStatuses,
                               boolean learnSpeed, boolean decay, HealthPolicy health, long maxInflightTokens,
                               String probePath, long probeIntervalMillis, long probeTimeoutMillis,
                               boolean explain, String engineMetrics, long engineIntervalMillis,
                               long engineTimeoutMillis, long prefixCacheTokens, double firstTokenWeight) {

    /** Exceptions that happen before a backend saw the request: safe to retry elsewhere. */
    public static final String DEFAULT_FAILOVER_EXCEPTIONS = FailoverRule.DEFAULT_EXCEPTIONS;

    /** A backend refusing the work. */
    public static final String DEFAULT_FAILOVER_STATUSES = FailoverRule.DEFAULT_STATUSES;

    public BalancerSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (engineMetrics != null && !engineMetrics.isBlank()
                && (engineIntervalMillis <= 0 || engineTimeoutMillis <= 0)) {
            throw new IllegalArgumentException("engineMetricsIntervalMillis and engineMetricsTimeoutMillis must be > 0, "
                                               + "were " + engineIntervalMillis + " and " + engineTimeoutMillis);
        }
        if (prefixCacheTokens < 0) {
            throw new IllegalArgumentException("prefixCacheTokens must be >= 0 (0: no prefix affinity), was "
                                               + prefixCacheTokens);
        }
        if (maxInflightTokens < 0) {
            throw new IllegalArgumentException("maxInflightTokens must be >= 0, was " + maxInflightTokens);
        }
    }

    boolean scraping() {
        return engineMetrics != null && !engineMetrics.isBlank();
    }

    boolean probing() {
        return probePath != null && !probePath.isBlank();
    }
}
