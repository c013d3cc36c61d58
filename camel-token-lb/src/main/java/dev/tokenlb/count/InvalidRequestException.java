package dev.tokenlb.count;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * The request body is malformed for its API shape. The message is human text in the style of OpenAI's
 * {@code invalid_request_error}, fit to send back to the client; {@link #param()} names the offending field as a
 * path ({@code messages[2].content}), or is null when the body as a whole is at fault. Immutable, thread-safe.
 */
public final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String param;

    public InvalidRequestException(String message, String param) {
        // No stack trace: this is a client's mistake found on the hot path, and where we noticed it tells nobody
        // anything.
        super(message, null, false, false);
        this.param = param;
    }

    /** The offending field as a path such as {@code messages[0].content}, or null. */
    public String param() {
        return param;
    }

    static InvalidRequestException missing(String param) {
        return new InvalidRequestException("Missing required parameter: '" + param + "'.", param);
    }

    static InvalidRequestException emptyArray(String param) {
        return new InvalidRequestException("Invalid '" + param + "': empty array. Expected an array with minimum"
                + " length 1, but got an empty array instead.", param);
    }

    static InvalidRequestException wrongType(String param, String expected, Object actual) {
        return new InvalidRequestException("Invalid type for '" + param + "': expected " + expected + ", but got "
                + describe(actual) + " instead.", param);
    }

    static InvalidRequestException invalidValue(String param, String problem) {
        return new InvalidRequestException("Invalid '" + param + "': " + problem, param);
    }

    static InvalidRequestException unparseable(String reason) {
        return new InvalidRequestException("We could not parse the JSON body of your request. (HINT: the body must be a"
                + " JSON object; " + reason + ".)", null);
    }

    static InvalidRequestException emptyBody() {
        return new InvalidRequestException("The request body is empty.", null);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Number) {
            return "a number";
        } else if (value instanceof JsonArray) {
            return "an array";
        } else if (value instanceof JsonObject) {
            return "an object";
        }
        return value.getClass().getSimpleName();
    }
}
