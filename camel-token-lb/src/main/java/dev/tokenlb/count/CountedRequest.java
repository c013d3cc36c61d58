package dev.tokenlb.count;

/**
 * What {@link TokenCounter#count} learned from one request body: its shape, its prompt tokens and the few settings
 * that matter for balancing. Immutable, thread-safe.
 */
public final class CountedRequest {

    /** Value of {@link #maxOutputTokens()} when the request sets no limit. */
    public static final int NO_LIMIT = -1;

    private final ApiShape shape;
    private final int promptTokens;
    private final String model;
    private final boolean stream;
    private final int maxOutputTokens;
    private final boolean includeUsage;
    private final String user;

    CountedRequest(ApiShape shape, int promptTokens, String model, boolean stream, int maxOutputTokens,
            boolean includeUsage) {
        this(shape, promptTokens, model, stream, maxOutputTokens, includeUsage, null);
    }

    CountedRequest(ApiShape shape, int promptTokens, String model, boolean stream, int maxOutputTokens,
            boolean includeUsage, String user) {
        this.shape = shape;
        this.promptTokens = promptTokens;
        this.model = model;
        this.stream = stream;
        this.maxOutputTokens = maxOutputTokens;
        this.includeUsage = includeUsage;
        this.user = user;
    }

    static CountedRequest plainText(int tokens) {
        return new CountedRequest(ApiShape.PLAIN_TEXT, tokens, null, false, NO_LIMIT, false);
    }

    /** The shape the body was read as; never {@link ApiShape#AUTO}. */
    public ApiShape shape() {
        return shape;
    }

    /** Tokens of the prompt, including the per-message overhead of chat-style shapes. */
    public int promptTokens() {
        return promptTokens;
    }

    /** The {@code model} field, or null when absent. */
    public String model() {
        return model;
    }

    /** True when the body asked for a streamed reply ({@code "stream": true}). */
    public boolean stream() {
        return stream;
    }

    /**
     * The output limit the client set: {@code max_completion_tokens}, else {@code max_tokens}, else
     * {@code max_output_tokens}; {@link #NO_LIMIT} when none is set, and always for embeddings and plain text.
     */
    public int maxOutputTokens() {
        return maxOutputTokens;
    }

    /** {@code stream_options.include_usage}: the client wants a final usage chunk in its stream. */
    public boolean includeUsage() {
        return includeUsage;
    }

    /** The OpenAI {@code user} field (the end user's id) when it is a string, else null. */
    public String user() {
        return user;
    }

    @Override
    public String toString() {
        return "CountedRequest[" + shape + ", promptTokens=" + promptTokens + ", model=" + model + ", stream=" + stream
                + ", maxOutputTokens=" + maxOutputTokens + ", includeUsage=" + includeUsage + "]";
    }
}
