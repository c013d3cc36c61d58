package dev.tokenlb.gateway.errors;

import org.apache.camel.util.json.JsonObject;

/**
 * An error reply in the OpenAI shape: {@code {"error":{"message":...,"type":...,"param":...,"code":...}}}.
 * Immutable. Messages never contain backend URLs or credentials.
 */
public record OpenAiError(int status, String type, String code, String message, String param) {

    public static OpenAiError badRequest(String message, String param) {
        return new OpenAiError(400, "invalid_request_error", null, message, param);
    }

    public static OpenAiError tooLarge(long limit) {
        return new OpenAiError(413, "invalid_request_error", "request_too_large",
                "The request body is larger than the gateway's limit of " + limit + " bytes", null);
    }

    public String toJson() {
        JsonObject error = new JsonObject();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        JsonObject root = new JsonObject();
        root.put("error", error);
        return root.toJson();
    }
}
