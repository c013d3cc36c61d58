package dev.tokenlb.sim;

import io.vertx.core.json.Json;

/**
 * The server-sent events of one streamed reply, as OpenAI sends them: one chunk per token (the first one carrying
 * {@code delta.role}), a final chunk with {@code finish_reason}, an optional usage chunk, and {@code [DONE]}. Token
 * chunks are assembled from a prefix built once, since they are the hot path. Immutable, thread-safe.
 */
final class SseChunks {

    static final String DONE = "data: [DONE]\n\n";

    private final ReplyMeta meta;
    private final String head;
    private final String choicePrefix;

    SseChunks(ReplyMeta meta) {
        this.meta = meta;
        boolean chat = meta.kind() == ApiKind.CHAT;
        this.head = "data: {\"id\":\"" + meta.id() + "\",\"object\":\""
                + (chat ? "chat.completion.chunk" : "text_completion") + "\",\"created\":" + meta.created()
                + ",\"model\":" + Json.encode(meta.model()) + ",\"choices\":[";
        this.choicePrefix = head + (chat ? "{\"index\":0,\"delta\":{" : "{\"index\":0,\"text\":\"");
    }

    /** The event carrying token {@code index} (from 1). */
    String token(int index) {
        String word = FillerText.word(meta.textSeed(), index);
        if (meta.kind() != ApiKind.CHAT) {
            return choicePrefix + word + "\",\"logprobs\":null,\"finish_reason\":null}]}\n\n";
        }
        return choicePrefix + (index == 1 ? "\"role\":\"assistant\"," : "") + "\"content\":\"" + word
                + "\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
    }

    /** The event with {@code finish_reason} and no more content. */
    String finish() {
        String reason = "\"finish_reason\":\"" + meta.finishReason() + "\"}]}\n\n";
        return meta.kind() == ApiKind.CHAT
                ? choicePrefix + "},\"logprobs\":null," + reason
                : choicePrefix + "\",\"logprobs\":null," + reason;
    }

    /** The {@code stream_options.include_usage} event: no choices, the usage. */
    String usage() {
        return head + "],\"usage\":" + OpenAiJson.usage(meta.promptTokens(), meta.completionTokens()).encode()
                + "}\n\n";
    }
}
