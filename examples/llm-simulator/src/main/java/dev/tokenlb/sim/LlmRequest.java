package dev.tokenlb.sim;

import java.util.List;

/**
 * One parsed generation request: what the engine and the reply writers need, nothing of the raw JSON.
 *
 * @param kind         the endpoint it was sent to
 * @param model        the {@code model} field as sent, or null
 * @param promptPieces the prompt's text pieces (message contents, prompt strings, embedding inputs), in order
 * @param pieceRoles   per piece, the role of the chat message it starts ({@code system}, {@code user}, ...); null for
 *                     a later part of the same message and for raw prompts (completions, embeddings)
 * @param toolsJson    the {@code tools} array as JSON, or null; part of what the engine sees, not of the count
 * @param preTokenized tokens given as token-id arrays instead of text (they count without tokenizing)
 * @param inputCount   the number of embedding inputs (1 for the other kinds)
 * @param stream       {@code stream: true}
 * @param includeUsage {@code stream_options.include_usage: true}
 * @param maxTokens    {@code max_completion_tokens}, else {@code max_tokens}; null = no cap
 */
record LlmRequest(ApiKind kind, String model, List<String> promptPieces, List<String> pieceRoles, String toolsJson,
                  int preTokenized, int inputCount,
                  boolean stream, boolean includeUsage, Integer maxTokens) {

    /** The model to name in replies: the one asked for, else the configured one. */
    String modelOr(String configuredModel) {
        return model == null ? configuredModel : model;
    }

    /** See {@link OutputLengthModel#lengthKey}. */
    String lengthKey() {
        return OutputLengthModel.lengthKey(model, String.join("\n", promptPieces));
    }
}
