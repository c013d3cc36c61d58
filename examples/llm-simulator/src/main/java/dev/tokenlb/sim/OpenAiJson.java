package dev.tokenlb.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Builds the non-streamed OpenAI reply bodies. Stateless, thread-safe. */
final class OpenAiJson {

    private OpenAiJson() {
    }

    static JsonObject usage(int promptTokens, int completionTokens) {
        return new JsonObject()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
    }

    /** A whole chat completion or text completion. */
    static JsonObject completion(ReplyMeta meta) {
        String text = FillerText.text(meta.textSeed(), meta.completionTokens());
        JsonObject choice = new JsonObject().put("index", 0);
        if (meta.kind() == ApiKind.CHAT) {
            choice.put("message", new JsonObject().put("role", "assistant").put("content", text));
        } else {
            choice.put("text", text);
        }
        choice.putNull("logprobs").put("finish_reason", meta.finishReason());
        return new JsonObject()
                .put("id", meta.id())
                .put("object", meta.kind() == ApiKind.CHAT ? "chat.completion" : "text_completion")
                .put("created", meta.created())
                .put("model", meta.model())
                .put("choices", new JsonArray().add(choice))
                .put("usage", usage(meta.promptTokens(), meta.completionTokens()));
    }

    /** One small unit vector per input, derived from the request and the input's index. */
    static JsonObject embeddings(ReplyMeta meta, int inputs, int dimensions) {
        JsonArray data = new JsonArray();
        for (int i = 0; i < inputs; i++) {
            data.add(new JsonObject().put("object", "embedding").put("index", i)
                    .put("embedding", vector(meta.textSeed() * 31 + i, dimensions)));
        }
        return new JsonObject()
                .put("object", "list")
                .put("data", data)
                .put("model", meta.model())
                .put("usage", new JsonObject()
                        .put("prompt_tokens", meta.promptTokens())
                        .put("total_tokens", meta.promptTokens()));
    }

    /** OpenAI's error shape; the type follows the status as OpenAI's do. */
    static JsonObject error(int status, String message) {
        return new JsonObject().put("error", new JsonObject()
                .put("message", message)
                .put("type", errorType(status))
                .putNull("param")
                .putNull("code"));
    }

    private static String errorType(int status) {
        if (status == 429) {
            return "rate_limit_error";
        }
        if (status == 404) {
            return "not_found_error";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    private static JsonArray vector(long seed, int dimensions) {
        double[] values = new double[dimensions];
        double norm = 0;
        long state = seed;
        for (int i = 0; i < dimensions; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L; // an LCG is plenty for a fake vector
            values[i] = ((state >>> 11) * 0x1.0p-53) - 0.5;
            norm += values[i] * values[i];
        }
        norm = norm == 0 ? 1 : Math.sqrt(norm);
        JsonArray vector = new JsonArray();
        for (double value : values) {
            vector.add((float) (value / norm));
        }
        return vector;
    }
}
