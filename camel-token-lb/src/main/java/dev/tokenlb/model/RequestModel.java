package dev.tokenlb.model;

import java.nio.charset.StandardCharsets;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * Sets the {@code model} of a request body, for a request served by another id than it names (an alias, the default
 * model, a fallback). Off the usual path: most requests name a model their backends list. Stateless, thread-safe.
 */
public final class RequestModel {

    private RequestModel() {
    }

    /**
     * @param  body a JSON object as {@code byte[]} (UTF-8) or {@code String}
     * @return      the body with {@code model} set, of the same type; null when the body is neither or not a JSON
     *              object (it is then sent as it is)
     */
    public static Object rewrite(Object body, String model) {
        String text;
        if (body instanceof byte[] bytes) {
            text = new String(bytes, StandardCharsets.UTF_8);
        } else if (body instanceof String s) {
            text = s;
        } else {
            return null;
        }
        JsonObject object;
        try {
            if (!(Jsoner.deserialize(text) instanceof JsonObject parsed)) {
                return null;
            }
            object = parsed;
        } catch (DeserializationException e) {
            return null;
        }
        object.put("model", model);
        String json = object.toJson();
        return body instanceof byte[] ? json.getBytes(StandardCharsets.UTF_8) : json;
    }
}
