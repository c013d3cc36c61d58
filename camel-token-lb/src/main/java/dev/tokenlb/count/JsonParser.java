package dev.tokenlb.count;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * A strict RFC 8259 parser that reads one JSON text into the value types Jsoner produces: {@link JsonObject} (insertion
 * order kept, the last of duplicate keys wins), {@link JsonArray}, {@link String}, {@link java.math.BigDecimal} for
 * every number, {@link Boolean} and null.
 * <p>
 * Why not Jsoner: its lexer allocates a 32 KB buffer and a token object per lexeme for every body, about a seventh of
 * all the gateway allocates per request. Here the tokens are read straight from the String ({@link JsonCursor}) and
 * nothing of fixed size is allocated per parse. Iterative, with an explicit stack of open containers refused beyond
 * {@link #MAX_DEPTH} levels, so hostile nesting can neither overflow the thread's stack nor fill the heap; every step
 * moves forward through the text, so time is linear in its length.
 * <pre>
 * Object value = JsonParser.parse("{\"messages\":[]}"); // a JsonObject; MalformedJsonException if not JSON
 * </pre>
 * Stateless, thread-safe.
 */
final class JsonParser {

    /**
     * Deepest nesting parsed. Far above {@link JsonBody#MAX_DEPTH}: it bounds what a caller's recursive walk of the
     * result ({@code equals}, {@code toString}, serializing) may meet, not what a request may hold.
     */
    static final int MAX_DEPTH = 512;

    private JsonParser() {
    }

    /**
     * Parses one JSON value, surrounded by optional whitespace (space, tab, CR, LF) and followed by nothing else.
     *
     * @throws MalformedJsonException when the text is null or not exactly one valid JSON value
     */
    static Object parse(String text) {
        if (text == null) {
            throw new MalformedJsonException("expected a JSON text, not null", 0);
        }
        JsonCursor in = new JsonCursor(text);
        Object value = value(in);
        in.next();
        if (!in.atEnd()) {
            throw in.expected("end of input");
        }
        return value;
    }

    /**
     * Reads one value with an explicit stack of the open arrays and objects, not recursion: the stack a deep document
     * needs would depend on the caller's thread (512 recursive levels took 300 KB once compiled).
     */
    private static Object value(JsonCursor in) {
        List<Object> open = new ArrayList<>(); // JsonObject or JsonArray, outermost first
        List<String> keys = new ArrayList<>(); // per open level: the key awaiting its value, null for an array
        while (true) {
            Object value;
            char c = in.next();
            if (c == '{' || c == '[') {
                if (open.size() == MAX_DEPTH) {
                    throw in.expected("nesting of at most " + MAX_DEPTH + " levels");
                }
                in.skip();
                char close = c == '{' ? '}' : ']';
                if (in.next() != close) {
                    open.add(c == '{' ? new JsonObject() : new JsonArray());
                    keys.add(c == '{' ? key(in) : null);
                    continue;
                }
                in.skip();
                value = c == '{' ? new JsonObject() : new JsonArray();
            } else {
                value = in.scalar(c);
            }
            // Add the value to its container; each container this closes adds itself to its own, and so on.
            while (true) {
                int top = open.size() - 1;
                if (top < 0) {
                    return value;
                }
                Object container = open.get(top);
                if (container instanceof JsonObject) {
                    // A repeated key keeps its first position and takes the last value, as in Jsoner.
                    ((JsonObject) container).put(keys.get(top), value);
                    if (another(in, '}')) {
                        keys.set(top, key(in));
                        break;
                    }
                } else {
                    ((JsonArray) container).add(value);
                    if (another(in, ']')) {
                        break;
                    }
                }
                value = open.remove(top);
                keys.remove(top);
            }
        }
    }

    /** Reads an object member's key and its colon. */
    private static String key(JsonCursor in) {
        if (in.next() != '"') {
            throw in.expected("a string key");
        }
        String key = in.string();
        in.expect(':');
        return key;
    }

    /** After a member or element: true past a ',', false past the closing bracket, else an error. */
    private static boolean another(JsonCursor in, char close) {
        char c = in.next();
        if (c != ',' && c != close) {
            throw in.expected("',' or '" + close + "'");
        }
        in.skip();
        return c == ',';
    }

    /** The text is not valid JSON; the message says what was expected and at which character offset. */
    static final class MalformedJsonException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int offset;

        MalformedJsonException(String expected, int offset) {
            // No stack trace: a client's bad body is routine on the hot path, and where we noticed it tells nobody
            // anything.
            super(expected + " at offset " + offset, null, false, false);
            this.offset = offset;
        }

        /** Index of the offending character in the text, or its length when the text ended too soon. */
        int offset() {
            return offset;
        }
    }
}
