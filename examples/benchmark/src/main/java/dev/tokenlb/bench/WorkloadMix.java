package dev.tokenlb.bench;

import java.util.List;

/**
 * What the load generator sends: request kinds with their shares, the share of streamed requests, and how often and
 * with which values a request carries {@code max_tokens}. Immutable.
 *
 * @param classes         the request kinds; their shares add up to 1
 * @param streamShare     the fraction of requests with {@code "stream": true}
 * @param includeUsage    the fraction of streamed requests asking for a usage chunk ({@code stream_options})
 * @param maxTokensShare  the fraction of requests carrying {@code max_tokens}
 * @param maxTokensValues the values a present {@code max_tokens} takes, uniformly
 */
public record WorkloadMix(List<RequestClass> classes, double streamShare, double includeUsage, double maxTokensShare,
                          List<Integer> maxTokensValues) {

    public WorkloadMix {
        classes = List.copyOf(classes);
        maxTokensValues = List.copyOf(maxTokensValues);
        double total = classes.stream().mapToDouble(RequestClass::share).sum();
        if (Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException("the shares of the request classes must add up to 1, was " + total);
        }
        if (maxTokensShare > 0 && maxTokensValues.isEmpty()) {
            throw new IllegalArgumentException("maxTokensValues must not be empty when maxTokensShare > 0");
        }
    }

    /**
     * The benchmark's mix: chat turns (about 300 prompt tokens), RAG requests (about 3,000) and long documents (about
     * 12,000, up to 30,000); half stream, half of those ask for usage; half carry a {@code max_tokens}, from tight
     * (128, below the median reply) to generous (2,048, above nearly every reply).
     */
    public static WorkloadMix standard() {
        return new WorkloadMix(List.of(
                new RequestClass("chat", 0.60, 300, 0.35, 100, 800),
                new RequestClass("rag", 0.30, 3_000, 0.25, 1_500, 6_000),
                new RequestClass("long-doc", 0.10, 12_000, 0.40, 6_000, 30_000)),
                0.5, 0.5, 0.5, List.of(128, 512, 2_048));
    }

    /** The class a uniform draw {@code u} in [0, 1) falls into. */
    RequestClass classFor(double u) {
        double cumulative = 0;
        for (RequestClass c : classes) {
            cumulative += c.share();
            if (u < cumulative) {
                return c;
            }
        }
        return classes.get(classes.size() - 1);
    }
}
