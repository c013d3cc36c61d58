package dev.tokenlb.cost;

import java.util.Locale;

import dev.tokenlb.count.ApiShape;
import dev.tokenlb.count.CountedRequest;

/**
 * The built-in output estimators, by configuration name:
 * <ul>
 * <li>{@code max-tokens}: the request's own limit ({@code max_completion_tokens} / {@code max_tokens}) capped at
 * {@code cap}, or {@code defaultTokens} when it gives none;</li>
 * <li>{@code fixed:N}: N tokens, or the request's limit if smaller;</li>
 * <li>{@code none}: 0, so only the prompt counts (the rule of the original token balancer);</li>
 * <li>{@code learned}: {@link LearnedOutputEstimator}, starting from {@code defaultTokens}.</li>
 * </ul>
 * Embeddings produce no output under every estimator.
 */
public final class OutputEstimators {

    private OutputEstimators() {
    }

    /**
     * @throws IllegalArgumentException naming the allowed forms, for an unknown spec
     */
    public static OutputEstimator forSpec(String spec, int defaultTokens, int cap) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("learned")) {
            return new LearnedOutputEstimator(defaultTokens);
        }
        if (s.equals("max-tokens")) {
            return maxTokens(defaultTokens, cap);
        }
        if (s.equals("none")) {
            return fixed(0);
        }
        if (s.startsWith("fixed:")) {
            try {
                return fixed(Integer.parseInt(s.substring("fixed:".length()).trim()));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException("unknown output estimate '" + spec
                                           + "': allowed are learned, max-tokens, fixed:N (N >= 0) and none");
    }

    public static OutputEstimator maxTokens(int defaultTokens, int cap) {
        return capped("max-tokens", defaultTokens, cap);
    }

    public static OutputEstimator fixed(int tokens) {
        return capped(tokens == 0 ? "none" : "fixed:" + tokens, tokens, tokens);
    }

    /** The request's own limit capped at {@code cap}, or {@code defaultTokens} when it gives none. */
    private static OutputEstimator capped(String name, int defaultTokens, int cap) {
        if (defaultTokens < 0 || cap < 0) {
            throw new IllegalArgumentException("output tokens must be >= 0, was " + defaultTokens + " / " + cap);
        }
        return new OutputEstimator() {
            @Override
            public long expectedOutputTokens(CountedRequest request, String body) {
                if (request.shape() == ApiShape.EMBEDDINGS) {
                    return 0;
                }
                int limit = request.maxOutputTokens();
                return limit >= 0 ? Math.min(limit, cap) : defaultTokens;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
