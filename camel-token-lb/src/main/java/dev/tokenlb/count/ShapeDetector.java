package dev.tokenlb.count;

import java.util.Locale;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Resolves {@link ApiShape#AUTO} for a parsed JSON object, by the first rule that matches:
 * <ol>
 * <li>{@code messages} present: {@link ApiShape#CHAT_COMPLETIONS};</li>
 * <li>{@code prompt} present: {@link ApiShape#COMPLETIONS};</li>
 * <li>{@code input} is an array: {@link ApiShape#RESPONSES} if its first element is an object (a responses item),
 * else {@link ApiShape#EMBEDDINGS} (strings or token ids);</li>
 * <li>{@code input} is anything else: {@link ApiShape#EMBEDDINGS} if the body has {@code encoding_format} or
 * {@code dimensions} (embeddings-only fields; OpenAI's SDKs send {@code encoding_format} by default) or its
 * {@code model} contains "embed"; else {@link ApiShape#RESPONSES};</li>
 * <li>none of these fields: {@link ApiShape#PLAIN_TEXT}.</li>
 * </ol>
 * A field holding JSON null counts as absent. Stateless, thread-safe.
 */
final class ShapeDetector {

    private ShapeDetector() {
    }

    static ApiShape detect(JsonObject body) {
        if (body.get("messages") != null) {
            return ApiShape.CHAT_COMPLETIONS;
        }
        if (body.get("prompt") != null) {
            return ApiShape.COMPLETIONS;
        }
        Object input = body.get("input");
        if (input == null) {
            return ApiShape.PLAIN_TEXT;
        }
        if (input instanceof JsonArray) {
            JsonArray items = (JsonArray) input;
            return !items.isEmpty() && items.get(0) instanceof JsonObject ? ApiShape.RESPONSES : ApiShape.EMBEDDINGS;
        }
        return looksLikeEmbeddings(body) ? ApiShape.EMBEDDINGS : ApiShape.RESPONSES;
    }

    private static boolean looksLikeEmbeddings(JsonObject body) {
        if (body.get("encoding_format") != null || body.get("dimensions") != null) {
            return true;
        }
        Object model = body.get("model");
        return model instanceof String && ((String) model).toLowerCase(Locale.ROOT).contains("embed");
    }
}
