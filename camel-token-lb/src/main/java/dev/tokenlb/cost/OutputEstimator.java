package dev.tokenlb.cost;

import dev.tokenlb.count.CountedRequest;

/**
 * Predicts how many output tokens a request will produce, before it is sent; the prediction is part of the cost the
 * balancer reserves. Implementations may learn from finished replies through {@link #observe}.
 * <p>
 * Implementations are thread-safe: one instance serves every request.
 */
public interface OutputEstimator {

    /**
     * @param  request the counted request (shape, model, prompt tokens, its own output limit)
     * @param  body    the request body as sent, for estimators that look at the content (may be null)
     * @return         expected output tokens, >= 0 and never above the request's own limit when it gives one
     */
    long expectedOutputTokens(CountedRequest request, String body);

    /**
     * Learns from a finished reply. The default ignores it.
     *
     * @param request            the request as counted before it was sent
     * @param actualOutputTokens the output tokens the reply really had
     */
    default void observe(CountedRequest request, long actualOutputTokens) {
    }

    /** The configuration name of this estimator ({@code max-tokens}, {@code fixed:N}, ...). */
    String name();
}
