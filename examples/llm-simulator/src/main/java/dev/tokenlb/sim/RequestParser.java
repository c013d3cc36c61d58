package dev.tokenlb.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads an OpenAI-style request body into an {@link LlmRequest}, or says in one sentence why it cannot. Accepts what
 * the OpenAI API accepts for the fields the simulator uses: content as a string or as text parts, prompts and inputs
 * as strings, string arrays or token-id arrays; other fields are ignored. Stateless, thread-safe.
 */
final class RequestParser {

    private RequestParser() {
    }

    static LlmRequest parse(ApiKind kind, Buffer body) throws InvalidRequestException {
        if (body == null || body.length() == 0) {
            throw new InvalidRequestException("the request body is empty; expected a JSON object");
        }
        Object json;
        try {
            json = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new InvalidRequestException("the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(json instanceof JsonObject)) {
            throw new InvalidRequestException("the request body must be a JSON object");
        }
        return parse(kind, (JsonObject) json);
    }

    /** For {@link OutputLengthModel#outputTokensForRequestBody}: the kind is told by which prompt field is present. */
    static LlmRequest parseForOracle(String body) throws InvalidRequestException {
        Buffer buffer = Buffer.buffer(body == null ? "" : body);
        JsonObject probe;
        try {
            probe = new JsonObject(buffer);
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidRequestException("the request body is not a JSON object");
        }
        ApiKind kind = probe.containsKey("messages") ? ApiKind.CHAT
                : probe.containsKey("prompt") ? ApiKind.COMPLETION : ApiKind.EMBEDDING;
        return parse(kind, probe);
    }

    private static LlmRequest parse(ApiKind kind, JsonObject body) throws InvalidRequestException {
        Object model = body.getValue("model");
        if (model != null && !(model instanceof String)) {
            throw new InvalidRequestException("'model' must be a string");
        }
        Object promptValue = body.getValue(kind.promptField());
        if (promptValue == null) {
            throw new InvalidRequestException("missing required field '" + kind.promptField() + "'");
        }
        List<String> pieces = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        int[] counts = new int[2]; // [0] pre-tokenized tokens, [1] inputs
        if (kind == ApiKind.CHAT) {
            readMessages(promptValue, pieces, roles);
            counts[1] = 1;
        } else {
            readPrompt(kind.promptField(), promptValue, pieces, counts);
            while (roles.size() < pieces.size()) {
                roles.add(null); // a raw prompt: no template around it
            }
        }
        Object tools = body.getValue("tools");
        String toolsJson = tools instanceof JsonArray && !((JsonArray) tools).isEmpty()
                ? ((JsonArray) tools).encode() : null;
        boolean stream = booleanField(body, "stream");
        Object options = body.getValue("stream_options");
        if (options != null && !(options instanceof JsonObject)) {
            throw new InvalidRequestException("'stream_options' must be an object");
        }
        boolean includeUsage = options != null && booleanField((JsonObject) options, "include_usage");
        Integer maxTokens = positiveInt(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = positiveInt(body, "max_tokens");
        }
        return new LlmRequest(kind, (String) model, List.copyOf(pieces), Collections.unmodifiableList(roles),
                toolsJson, counts[0], counts[1], stream, includeUsage, maxTokens);
    }

    /** Adds each message's text pieces, and for each piece the role of the message it starts (null: a later part). */
    private static void readMessages(Object value, List<String> pieces, List<String> roles)
            throws InvalidRequestException {
        if (!(value instanceof JsonArray) || ((JsonArray) value).isEmpty()) {
            throw new InvalidRequestException("'messages' must be a non-empty array");
        }
        for (Object item : (JsonArray) value) {
            if (!(item instanceof JsonObject)) {
                throw new InvalidRequestException("each of 'messages' must be an object");
            }
            Object content = ((JsonObject) item).getValue("content");
            Object role = ((JsonObject) item).getValue("role");
            int first = pieces.size();
            if (content instanceof String) {
                pieces.add((String) content);
            } else if (content instanceof JsonArray) {
                readContentParts((JsonArray) content, pieces);
            } else if (content != null) {
                throw new InvalidRequestException("a message's 'content' must be a string or an array of parts");
            }
            for (int i = first; i < pieces.size(); i++) {
                roles.add(i == first ? (role instanceof String ? (String) role : "user") : null);
            }
        }
    }

    private static void readContentParts(JsonArray parts, List<String> pieces) throws InvalidRequestException {
        for (Object part : parts) {
            if (!(part instanceof JsonObject)) {
                throw new InvalidRequestException("each content part must be an object");
            }
            Object text = ((JsonObject) part).getValue("text");
            if (text instanceof String) {
                pieces.add((String) text); // non-text parts (images, audio) cost nothing here
            }
        }
    }

    /** A prompt or input: a string, an array of strings, a token-id array, or an array of token-id arrays. */
    private static void readPrompt(String field, Object value, List<String> pieces, int[] counts)
            throws InvalidRequestException {
        if (value instanceof String) {
            pieces.add((String) value);
            counts[1] = 1;
            return;
        }
        if (!(value instanceof JsonArray) || ((JsonArray) value).isEmpty()) {
            throw new InvalidRequestException("'" + field + "' must be a string or a non-empty array");
        }
        JsonArray array = (JsonArray) value;
        if (array.getValue(0) instanceof Number) {
            counts[0] += tokenIds(field, array);
            counts[1] = 1;
            return;
        }
        for (Object item : array) {
            if (item instanceof String) {
                pieces.add((String) item);
            } else if (item instanceof JsonArray) {
                counts[0] += tokenIds(field, (JsonArray) item);
            } else {
                throw new InvalidRequestException("'" + field + "' items must be strings or token-id arrays");
            }
        }
        counts[1] = array.size();
    }

    private static int tokenIds(String field, JsonArray ids) throws InvalidRequestException {
        for (Object id : ids) {
            if (!(id instanceof Number)) {
                throw new InvalidRequestException("a token-id array in '" + field + "' must hold only integers");
            }
        }
        return ids.size();
    }

    private static boolean booleanField(JsonObject body, String field) throws InvalidRequestException {
        Object value = body.getValue(field);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean)) {
            throw new InvalidRequestException("'" + field + "' must be a boolean");
        }
        return (Boolean) value;
    }

    private static Integer positiveInt(JsonObject body, String field) throws InvalidRequestException {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number) || ((Number) value).doubleValue() != Math.rint(((Number) value).doubleValue())
                || ((Number) value).doubleValue() < 1 || ((Number) value).doubleValue() > Integer.MAX_VALUE) {
            throw new InvalidRequestException("'" + field + "' must be an integer >= 1, was " + value);
        }
        return ((Number) value).intValue();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
