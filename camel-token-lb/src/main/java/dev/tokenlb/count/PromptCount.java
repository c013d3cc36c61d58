package dev.tokenlb.count;

import com.knuddels.jtokkit.api.Encoding;
import org.apache.camel.util.json.JsonArray;

/**
 * Tokens of a completions {@code prompt} or an embeddings {@code input}: a string, an array of strings (summed), an
 * array of token ids (its length), or an array of token-id arrays (the sum of their lengths). No per-item overhead:
 * these APIs feed the text to the model as it is. Stateless, thread-safe.
 */
final class PromptCount {

    private static final String EXPECTED = "a string, an array of strings, an array of integers or an array of arrays"
            + " of integers";

    private PromptCount() {
    }

    static int tokens(Object value, String param, Encoding encoding) {
        if (value == null) {
            throw InvalidRequestException.missing(param);
        }
        if (value instanceof String) {
            return encoding.countTokensOrdinary((String) value);
        }
        if (!(value instanceof JsonArray)) {
            throw InvalidRequestException.wrongType(param, EXPECTED, value);
        }
        JsonArray items = JsonValues.nonEmptyArray(value, param);
        // The first element decides which of the three array forms this is; the rest must follow it.
        Object first = items.get(0);
        if (first instanceof String) {
            return strings(items, param, encoding);
        } else if (first instanceof Number) {
            return tokenIds(items, param);
        } else if (first instanceof JsonArray) {
            int tokens = 0;
            for (int i = 0; i < items.size(); i++) {
                String itemParam = param + "[" + i + "]";
                tokens += tokenIds(JsonValues.nonEmptyArray(items.get(i), itemParam), itemParam);
            }
            return tokens;
        }
        throw InvalidRequestException.wrongType(param + "[0]", "a string, an integer or an array of integers", first);
    }

    private static int strings(JsonArray items, String param, Encoding encoding) {
        int tokens = 0;
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof String)) {
                throw InvalidRequestException.wrongType(param + "[" + i + "]", "a string", item);
            }
            tokens += encoding.countTokensOrdinary((String) item);
        }
        return tokens;
    }

    /** An array of token ids counts its length; each element must be a number. */
    private static int tokenIds(JsonArray ids, String param) {
        for (int i = 0; i < ids.size(); i++) {
            if (!(ids.get(i) instanceof Number)) {
                throw InvalidRequestException.wrongType(param + "[" + i + "]", "an integer", ids.get(i));
            }
        }
        return ids.size();
    }
}
