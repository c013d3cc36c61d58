package dev.tokenlb.count;

import com.knuddels.jtokkit.api.Encoding;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Prompt tokens of a {@code /v1/responses} body, counted like a chat: {@code instructions} is one message, a string
 * {@code input} is one message, and each item of an array {@code input} is one message whatever its type, counting its
 * {@code role}, {@code content} (a string or parts with {@code input_text}/{@code output_text}/{@code text}), and the
 * {@code name}, {@code arguments} and {@code output} of function-call items; plus the reply priming and the
 * {@code tools} definitions. See {@link MessageText} for the overhead. Stateless, thread-safe.
 */
final class ResponsesCount {

    private ResponsesCount() {
    }

    static int promptTokens(JsonObject body, Encoding encoding) {
        int tokens = MessageText.REPLY_PRIMING;
        String instructions = JsonValues.string(body.get("instructions"), "instructions");
        if (instructions != null) {
            tokens += MessageText.PER_MESSAGE + encoding.countTokensOrdinary(instructions);
        }
        Object input = body.get("input");
        if (input == null) {
            throw InvalidRequestException.missing("input");
        } else if (input instanceof String) {
            tokens += MessageText.PER_MESSAGE + encoding.countTokensOrdinary((String) input);
        } else if (input instanceof JsonArray) {
            JsonArray items = JsonValues.nonEmptyArray(input, "input");
            for (int i = 0; i < items.size(); i++) {
                tokens += item(items.get(i), "input[" + i + "]", encoding);
            }
        } else {
            throw InvalidRequestException.wrongType("input", "a string or an array of input items", input);
        }
        return tokens + MessageText.definitions(body.get("tools"), "tools", encoding);
    }

    private static int item(Object value, String param, Encoding encoding) {
        if (!(value instanceof JsonObject)) {
            throw InvalidRequestException.wrongType(param, "an object", value);
        }
        JsonObject item = (JsonObject) value;
        return MessageText.PER_MESSAGE
                + MessageText.text(item.get("role"), param + ".role", encoding)
                + MessageText.content(item.get("content"), param + ".content", encoding)
                + MessageText.text(item.get("name"), param + ".name", encoding)
                + MessageText.text(item.get("arguments"), param + ".arguments", encoding)
                // a function_call_output's output is a string, or parts like content
                + MessageText.content(item.get("output"), param + ".output", encoding);
    }
}
