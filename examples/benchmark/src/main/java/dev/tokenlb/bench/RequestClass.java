package dev.tokenlb.bench;

/**
 * One kind of request in the workload mix: its share of arrivals and its prompt size, a lognormal around
 * {@code medianPromptTokens} clamped to {@code [minPromptTokens, maxPromptTokens]}. Immutable.
 *
 * @param name               a label for reports ({@code chat}, {@code rag}, {@code long-doc})
 * @param share              the fraction of arrivals of this kind; the shares of a mix add up to 1
 * @param medianPromptTokens the median prompt size in cl100k tokens
 * @param sigma              the spread of the prompt size (standard deviation of its logarithm)
 * @param minPromptTokens    the smallest prompt
 * @param maxPromptTokens    the largest prompt
 */
public record RequestClass(String name, double share, int medianPromptTokens, double sigma, int minPromptTokens,
                           int maxPromptTokens) {

    public RequestClass {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException(name + ": share must be in (0, 1], was " + share);
        }
        if (minPromptTokens < 1 || minPromptTokens > medianPromptTokens || medianPromptTokens > maxPromptTokens) {
            throw new IllegalArgumentException(name + ": need 1 <= min <= median <= max prompt tokens");
        }
    }

    /** A prompt size from a standard normal draw {@code z}. */
    int promptTokens(double z) {
        long tokens = Math.round(medianPromptTokens * Math.exp(sigma * z));
        return (int) Math.max(minPromptTokens, Math.min(maxPromptTokens, tokens));
    }
}
