package dev.tokenlb.count;

import com.knuddels.jtokkit.api.Encoding;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Prompt tokens of a {@code /v1/chat/completions} body: for each message its role, content (tool results included),
 * name, {@code tool_calls[].function.name/arguments} and legacy {@code function_call}, plus the overhead described in
 * {@link MessageText}; then the {@code tools} and {@code functions} definitions. Ids ({@code tool_call_id},
 * {@code tool_calls[].id}) are not counted. Stateless, thread-safe.
 */
final class ChatCompletionsCount {

    private ChatCompletionsCount() {
    }

    static int promptTokens(JsonObject body, Encoding encoding) {
        JsonArray messages = JsonValues.nonEmptyArray(body.get("messages"), "messages");
        int tokens = MessageText.REPLY_PRIMING;
        for (int i = 0; i < messages.size(); i++) {
            tokens += message(messages.get(i), "messages[" + i + "]", encoding);
        }
        tokens += MessageText.definitions(body.get("tools"), "tools", encoding);
        tokens += MessageText.definitions(body.get("functions"), "functions", encoding);
        return tokens;
    }

    private static int message(Object value, String param, Encoding encoding) {
        if (!(value instanceof JsonObject)) {
            throw InvalidRequestException.wrongType(param, "an object", value);
        }
        JsonObject message = (JsonObject) value;
        int tokens = MessageText.PER_MESSAGE;
        tokens += MessageText.text(message.get("role"), param + ".role", encoding);
        tokens += MessageText.content(message.get("content"), param + ".content", encoding);
        String name = JsonValues.string(message.get("name"), param + ".name");
        if (name != null) {
            tokens += MessageText.PER_NAME + encoding.countTokensOrdinary(name);
        }
        JsonArray toolCalls = JsonValues.array(message.get("tool_calls"), param + ".tool_calls");
        if (toolCalls != null) {
            for (int i = 0; i < toolCalls.size(); i++) {
                String callParam = param + ".tool_calls[" + i + "]";
                JsonObject call = JsonValues.object(toolCalls.get(i), callParam);
                if (call != null) {
                    tokens += functionCall(call.get("function"), callParam + ".function", encoding);
                }
            }
        }
        tokens += functionCall(message.get("function_call"), param + ".function_call", encoding);
        return tokens;
    }

    /** A {@code {name, arguments}} object: both strings count. Absent counts 0. */
    private static int functionCall(Object value, String param, Encoding encoding) {
        JsonObject function = JsonValues.object(value, param);
        if (function == null) {
            return 0;
        }
        return MessageText.text(function.get("name"), param + ".name", encoding)
                + MessageText.text(function.get("arguments"), param + ".arguments", encoding);
    }
}
