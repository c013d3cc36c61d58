package dev.tokenlb.count;

import com.knuddels.jtokkit.api.Encoding;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * Token counts shared by the message-based shapes (chat completions and responses): the per-message overhead, a
 * message's content, and tool definitions.
 * <p>
 * The overhead follows OpenAI's published recipe for chat models ("How to count tokens with tiktoken", cookbook):
 * every message is wrapped as {@code <|start|>role<|message|>content<|end|>}, which costs {@value #PER_MESSAGE}
 * tokens besides the role and content; a {@code name} costs {@value #PER_NAME} more besides its own text; and the
 * reply is primed with {@code <|start|>assistant<|message|>}, {@value #REPLY_PRIMING} tokens per request. Servers
 * with other chat templates differ by a few tokens per message, which does not matter for balancing.
 * Stateless, thread-safe.
 */
final class MessageText {

    static final int PER_MESSAGE = 3;
    static final int PER_NAME = 1;
    static final int REPLY_PRIMING = 3;
    /**
     * An image part counts as OpenAI's cost of one low-detail image (85 tokens): a floor, since real costs depend on
     * the image size and the model. Audio and file parts count 0: their size is not in the request's text.
     */
    static final int IMAGE_PART = 85;

    private MessageText() {
    }

    /**
     * Counts a {@code content} value: a string, or an array of parts where text-bearing parts ({@code text},
     * {@code input_text}, {@code output_text} with field {@code text}; {@code refusal}) count their text and image
     * parts count {@link #IMAGE_PART}. Null counts 0.
     */
    static int content(Object content, String param, Encoding encoding) {
        if (content == null) {
            return 0;
        }
        if (content instanceof String) {
            return encoding.countTokensOrdinary((String) content);
        }
        if (!(content instanceof JsonArray)) {
            throw InvalidRequestException.wrongType(param, "a string or an array of content parts", content);
        }
        JsonArray parts = (JsonArray) content;
        int tokens = 0;
        for (int i = 0; i < parts.size(); i++) {
            tokens += part(parts.get(i), param + "[" + i + "]", encoding);
        }
        return tokens;
    }

    private static int part(Object value, String param, Encoding encoding) {
        JsonObject part = JsonValues.object(value, param);
        if (part == null) {
            throw InvalidRequestException.wrongType(param, "an object", null);
        }
        String type = JsonValues.string(part.get("type"), param + ".type");
        if (type == null) {
            return 0;
        }
        switch (type) {
            case "text":
            case "input_text":
            case "output_text":
                return text(part.get("text"), param + ".text", encoding);
            case "refusal":
                return text(part.get("refusal"), param + ".refusal", encoding);
            case "image_url":
            case "input_image":
            case "image":
                return IMAGE_PART;
            default:
                return 0;
        }
    }

    /** Counts an optional string field; absent counts 0. */
    static int text(Object value, String param, Encoding encoding) {
        String text = JsonValues.string(value, param);
        return text == null ? 0 : encoding.countTokensOrdinary(text);
    }

    /**
     * Counts tool or function definitions ({@code tools}, {@code functions}) as their compact JSON text: the model
     * reads them as part of the prompt, though in a rendering of its own that is usually somewhat shorter.
     */
    static int definitions(Object value, String param, Encoding encoding) {
        JsonArray definitions = JsonValues.array(value, param);
        // Recursion in serialize is bounded by JsonTree.MAX_DEPTH.
        if (definitions == null || definitions.isEmpty()) {
            return 0;
        }
        return encoding.countTokensOrdinary(Jsoner.serialize(definitions));
    }
}
