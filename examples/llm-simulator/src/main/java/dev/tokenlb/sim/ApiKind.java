package dev.tokenlb.sim;

/** The generating endpoints of the simulated OpenAI API. Immutable, thread-safe. */
enum ApiKind {
    /** {@code POST /v1/chat/completions}: needs {@code messages}. */
    CHAT("messages"),
    /** {@code POST /v1/completions}: needs {@code prompt}. */
    COMPLETION("prompt"),
    /** {@code POST /v1/embeddings}: needs {@code input}; costs prefill only. */
    EMBEDDING("input");

    private final String promptField;

    ApiKind(String promptField) {
        this.promptField = promptField;
    }

    /** The body field that carries the prompt and must be present. */
    String promptField() {
        return promptField;
    }
}
