package dev.tokenlb;

import java.util.Locale;

/**
 * A tenant is over one of its limits; thrown before anything is reserved or sent, and the refused request counts
 * against no limit. The gateway answers it with 429, {@code Retry-After} and OpenAI's {@code rate_limit_exceeded}.
 */
public final class RateLimitExceededException extends RuntimeException {

    /** The limit that refused the request, with OpenAI's error type for it. */
    public enum Limit {
        REQUESTS_PER_MINUTE("requests", "requests per min (RPM)"),
        TOKENS_PER_MINUTE("tokens", "tokens per min (TPM)"),
        DAILY_TOKENS("tokens", "tokens per day (TPD)");

        private final String type;
        private final String label;

        Limit(String type, String label) {
            this.type = type;
            this.label = label;
        }

        /** OpenAI's {@code error.type} of a 429 on this limit: {@code requests} or {@code tokens}. */
        public String type() {
            return type;
        }

        public String label() {
            return label;
        }
    }

    private final String tenant;
    private final Limit limit;
    private final long retryAfterMillis;

    /**
     * @param retryAfterMillis when the limit lets this request through, or -1 when it never will (a request larger
     *                         than the limit itself)
     */
    public RateLimitExceededException(String tenant, Limit limit, long max, long used, long requested,
                                      long retryAfterMillis) {
        super("Rate limit reached for tenant " + tenant + " on " + limit.label() + ": Limit " + max + ", Used " + used
              + ", Requested " + requested + "."
              + (retryAfterMillis < 0 ? " The request is larger than the limit and cannot pass."
                : " Please try again in " + (retryAfterMillis < 1000 ? retryAfterMillis + "ms"
                  : String.format(Locale.ROOT, "%.1fs", retryAfterMillis / 1000.0)) + "."));
        this.tenant = tenant;
        this.limit = limit;
        this.retryAfterMillis = retryAfterMillis;
    }

    public String tenant() {
        return tenant;
    }

    public Limit limit() {
        return limit;
    }

    /** Milliseconds until the limit lets this request through, or -1 when it never will. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
