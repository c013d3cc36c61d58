package dev.tokenlb.count;

import java.util.Locale;

/**
 * Which OpenAI-style request shape a body must have, and which one a counted body turned out to have.
 * {@link #AUTO} detects the shape from the body's fields (see {@link TokenCounter#count}); {@link #PLAIN_TEXT} is the
 * result for a body that is not a JSON request at all, counted as text. Immutable, thread-safe.
 */
public enum ApiShape {
    /** Detect from the fields; a body that is not a JSON object counts as plain text. Never a result. */
    AUTO,
    /** {@code /v1/chat/completions}: {@code messages}. */
    CHAT_COMPLETIONS,
    /** {@code /v1/completions}: {@code prompt}. */
    COMPLETIONS,
    /** {@code /v1/embeddings}: {@code input}, no output tokens. */
    EMBEDDINGS,
    /** {@code /v1/responses}: {@code input} and {@code instructions}. */
    RESPONSES,
    /** The whole body counted as text: what {@link #AUTO} makes of a body it cannot read as a request. */
    PLAIN_TEXT;

    static final String ALLOWED = "auto, chat, chat-completions, completions, embeddings, responses";

    /**
     * Reads a configured shape name: {@code auto}, {@code chat} or {@code chat-completions}, {@code completions},
     * {@code embeddings}, {@code responses}; case-insensitive, '_' may stand for '-'.
     *
     * @throws IllegalArgumentException naming the allowed values, for any other name (including plain text, which is
     *                                  a result and not something to ask for)
     */
    public static ApiShape parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (key) {
            case "auto":
                return AUTO;
            case "chat":
            case "chat-completions":
                return CHAT_COMPLETIONS;
            case "completions":
                return COMPLETIONS;
            case "embeddings":
                return EMBEDDINGS;
            case "responses":
                return RESPONSES;
            default:
                throw new IllegalArgumentException("Unknown API shape '" + name + "'; allowed: " + ALLOWED);
        }
    }
}
