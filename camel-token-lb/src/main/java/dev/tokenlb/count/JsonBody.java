package dev.tokenlb.count;

import org.apache.camel.util.json.JsonObject;

/**
 * Parses a request body into a {@link JsonObject}, once, with {@link JsonTree}: strict JSON, nested at most
 * {@value JsonTree#MAX_DEPTH} levels deep (the body object itself is level 1). Stateless, thread-safe.
 */
final class JsonBody {

    private JsonBody() {
    }

    /** Cheap test: could this body be a JSON object at all? False for blank bodies, arrays, scalars, and most text. */
    static boolean mayBeObject(String body) {
        int first = firstNonWhitespace(body);
        return first >= 0 && body.charAt(first) == '{';
    }

    static boolean isBlank(String body) {
        return firstNonWhitespace(body) < 0;
    }

    /**
     * @throws InvalidRequestException (param null) when the body is blank, not valid JSON, not an object, or nested
     *                                 deeper than {@value JsonTree#MAX_DEPTH} levels
     */
    static JsonObject parseObject(String body) {
        if (isBlank(body)) {
            throw InvalidRequestException.emptyBody();
        }
        if (!mayBeObject(body)) {
            throw InvalidRequestException.unparseable("it is not one");
        }
        Object parsed;
        try {
            parsed = JsonTree.parse(body);
        } catch (JsonTree.MalformedJsonException e) {
            // JsonTree throws nothing else by contract; any other exception is a bug and should surface as one.
            throw InvalidRequestException.unparseable(e.tooDeep()
                    ? "it nests arrays and objects more than " + JsonTree.MAX_DEPTH + " levels deep"
                    : "it is not valid JSON");
        }
        if (!(parsed instanceof JsonObject)) { // cannot happen after mayBeObject, short of a JsonTree bug
            throw InvalidRequestException.unparseable("it is not valid JSON");
        }
        return (JsonObject) parsed;
    }

    private static int firstNonWhitespace(String body) {
        if (body == null) {
            return -1;
        }
        for (int i = 0, n = body.length(); i < n; i++) {
            if (!Character.isWhitespace(body.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
