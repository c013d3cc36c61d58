package dev.tokenlb.bench;

/**
 * One request of the workload, ready to send: its JSON body and what the report needs to know about it. Immutable
 * (the body array is never written after construction).
 *
 * @param index        its position in the seeded sequence (the same request at the same index for every contender)
 * @param kind         its {@link RequestClass} name
 * @param stream       whether it asks for a streamed reply
 * @param maxTokens    its {@code max_tokens}, or null when it sends none
 * @param promptTokens its prompt's cl100k_base tokens (message text only, as the simulator counts)
 * @param outputTokens the reply length the simulator will generate (never told to the gateway, except the oracle's)
 * @param body         the UTF-8 JSON body of a {@code POST /v1/chat/completions}
 */
public record BenchRequest(int index, String kind, boolean stream, Integer maxTokens, int promptTokens,
                           int outputTokens, byte[] body) {

    public static final String PATH = "/v1/chat/completions";
}
