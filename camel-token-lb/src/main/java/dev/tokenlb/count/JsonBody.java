package dev.tokenlb.count;

import org.apache.camel.util.json.JsonObject;

/**
 * Parses a request body into a {@link JsonObject}, once, and refuses bodies nested deeper than {@link #MAX_DEPTH}.
 * <p>
 * Why the depth limit: {@link JsonParser} is iterative and refuses beyond {@value JsonParser#MAX_DEPTH}
 * levels, but everything done with the result afterwards recurses per level too: {@code Jsoner.serialize} (which we
 * use to count tool definitions), {@code hashCode}, {@code equals}, {@code toString}. A linear pre-scan that counts
 * open brackets outside strings is far cheaper than the parse itself and keeps every later step safe. Real requests
 * nest a dozen levels at most (tool parameter schemas being the deepest part). Stateless, thread-safe.
 */
final class JsonBody {

    /** Deepest nesting of arrays and objects a body may have; the body object itself is level 1. */
    static final int MAX_DEPTH = 64;

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
     *                                 deeper than {@link #MAX_DEPTH}
     */
    static JsonObject parseObject(String body) {
        if (isBlank(body)) {
            throw InvalidRequestException.emptyBody();
        }
        if (!mayBeObject(body)) {
            throw InvalidRequestException.unparseable("it is not one");
        }
        if (exceedsDepth(body, MAX_DEPTH)) {
            throw InvalidRequestException.unparseable("it nests arrays and objects more than " + MAX_DEPTH
                    + " levels deep");
        }
        Object parsed;
        try {
            parsed = JsonParser.parse(body);
        } catch (JsonParser.MalformedJsonException e) {
            // The parser throws nothing else by contract; any other exception is a bug and should surface as one.
            parsed = null;
        }
        if (!(parsed instanceof JsonObject)) {
            throw InvalidRequestException.unparseable("it is not valid JSON");
        }
        return (JsonObject) parsed;
    }

    /** True if brackets outside JSON strings open more than {@code limit} levels at some point. */
    static boolean exceedsDepth(String text, int limit) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++; // the escaped character cannot end the string
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > limit) {
                    return true;
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return false;
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
