package dev.tokenlb.count;

import org.apache.camel.util.json.JsonObject;

/**
 * Reads the settings every shape shares ({@code model}, {@code stream}, the output limit,
 * {@code stream_options.include_usage}, and {@code user} where it is a string) and builds the {@link CountedRequest}.
 * Embeddings have no output and no stream, so only their {@code model} is read. Stateless, thread-safe.
 */
final class RequestFields {

    /** Output-limit fields in order of precedence: the newer chat name, the older one, the responses API's. */
    private static final String[] OUTPUT_LIMITS = { "max_completion_tokens", "max_tokens", "max_output_tokens" };

    private RequestFields() {
    }

    static CountedRequest read(ApiShape shape, int promptTokens, JsonObject body) {
        String model = JsonValues.string(body.get("model"), "model");
        if (shape == ApiShape.EMBEDDINGS) {
            return new CountedRequest(shape, promptTokens, model, false, CountedRequest.NO_LIMIT, false);
        }
        boolean stream = JsonValues.flag(body.get("stream"), "stream");
        JsonObject streamOptions = JsonValues.object(body.get("stream_options"), "stream_options");
        boolean includeUsage = streamOptions != null
                && JsonValues.flag(streamOptions.get("include_usage"), "stream_options.include_usage");
        // user is only a hint for session affinity: a value of another type is left for the backend to judge
        Object user = body.get("user");
        return new CountedRequest(shape, promptTokens, model, stream, maxOutputTokens(body), includeUsage,
                user instanceof String u && !u.isEmpty() ? u : null);
    }

    /** The first output limit set, each present one validated; {@link CountedRequest#NO_LIMIT} when none is. */
    private static int maxOutputTokens(JsonObject body) {
        int limit = CountedRequest.NO_LIMIT;
        for (String field : OUTPUT_LIMITS) {
            int value = JsonValues.count(body.get(field), field);
            if (limit == CountedRequest.NO_LIMIT) {
                limit = value;
            }
        }
        return limit;
    }
}
