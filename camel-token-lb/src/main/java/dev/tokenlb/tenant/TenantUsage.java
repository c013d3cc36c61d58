package dev.tokenlb.tenant;

/**
 * A tenant's limits and use at one moment, for status pages and metrics. Immutable.
 *
 * @param requestsThisMinute requests taken from the per-minute bucket and not yet refilled
 * @param tokensThisMinute   tokens taken from the per-minute bucket and not yet refilled (estimates corrected by usage)
 * @param tokensToday        tokens this UTC day
 * @param requests           requests admitted since start
 * @param tokens             tokens charged since start, after correction
 * @param rejections         requests refused since start, by {@link dev.tokenlb.RateLimitExceededException.Limit}
 *                           ordinal
 */
public record TenantUsage(Tenant tenant, long requestsThisMinute, long tokensThisMinute, long tokensToday,
                          long requests, long tokens, long[] rejections) {
}
