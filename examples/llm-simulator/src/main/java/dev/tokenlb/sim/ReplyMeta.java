package dev.tokenlb.sim;

/**
 * What every reply of one request repeats: ids, model, token counts and how it ends.
 *
 * @param id               {@code chatcmpl-…} / {@code cmpl-…}
 * @param created          Unix seconds
 * @param model            the model to name
 * @param kind             the endpoint
 * @param promptTokens     {@code usage.prompt_tokens}
 * @param completionTokens tokens the engine generates; 0 for embeddings
 * @param finishReason     "length" if {@code max_tokens} cut the natural length, else "stop"; null for embeddings
 * @param includeUsage     a streamed reply ends with a usage chunk
 * @param textSeed         seeds {@link FillerText}
 */
record ReplyMeta(String id, long created, String model, ApiKind kind, int promptTokens, int completionTokens,
                 String finishReason, boolean includeUsage, long textSeed) {
}
