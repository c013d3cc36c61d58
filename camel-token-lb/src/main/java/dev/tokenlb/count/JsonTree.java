package dev.tokenlb.count;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Reads one strict RFC 8259 JSON text, with jackson-core's streaming parser, into the value types Jsoner produces:
 * {@link JsonObject} (insertion order kept, the last of duplicate keys wins), {@link JsonArray}, {@link String},
 * {@link BigDecimal} for every number (built from its exact text, so {@code 1.50} keeps its scale), {@link Boolean} and
 * null.
 * <p>
 * Strict because jackson's lenient {@code JsonReadFeature}s (comments, single quotes, unquoted names, leading zeros,
 * NaN, trailing commas, raw control characters...) all stay at their default, off; a text must hold exactly one value
 * (jackson by default reads a sequence of root values, so what follows the first is checked here). Duplicate keys
 * are accepted, as before ({@code STRICT_DUPLICATE_DETECTION} stays off). Nesting deeper than {@link #MAX_DEPTH} and
 * numbers longer than {@link #MAX_NUMBER_LENGTH} are refused while reading, before the rest is read.
 * <pre>
 * Object value = JsonTree.parse("{\"messages\":[]}"); // a JsonObject; MalformedJsonException if not JSON
 * </pre>
 * Stateless, thread-safe: the one {@link JsonFactory} is shared and each parse makes its own parser.
 */
final class JsonTree {

    /**
     * Deepest nesting of arrays and objects read; the outermost value is level 1. Real requests nest a dozen levels at
     * most (tool parameter schemas being the deepest part), and everything done with the tree afterwards recurses per
     * level ({@code Jsoner.serialize}, which counts tool definitions; {@code hashCode}, {@code equals},
     * {@code toString}), so the limit keeps every later step, and this class's own recursion, safe.
     */
    static final int MAX_DEPTH = 64;

    /**
     * Longest number text accepted, sign, fraction and exponent included. RFC 8259 lets a parser limit precision;
     * without a limit, a megabyte of digits would cost BigDecimal (whose digit parsing is quadratic) seconds of CPU.
     */
    static final int MAX_NUMBER_LENGTH = 1_000;

    /**
     * Built once. Jackson counts a number's digits without its sign, point and exponent marker, so its limit refuses
     * a subset of what ours does and the exact check is {@link #number}'s. Strings and keys get no limit of their own
     * (jackson's defaults are 20 M and 50 K chars): the text is already one String in memory, and the gateway bounds
     * it by its body limit. Keys are not canonicalized: jackson's shared symbol table would keep up to 12,000 of a
     * client's keys, of any length, from one request to the next.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private JsonTree() {
    }

    /**
     * Parses one JSON value, surrounded by optional whitespace (space, tab, CR, LF) and followed by nothing else.
     *
     * @throws MalformedJsonException when the text is null or not exactly one valid JSON value within the limits
     */
    static Object parse(String text) {
        if (text == null) {
            throw new MalformedJsonException("expected a JSON text, not null", 0, false);
        }
        JsonParser in = null;
        try {
            in = FACTORY.createParser(text);
            JsonToken first = in.nextToken();
            if (first == null) {
                throw new MalformedJsonException("expected a JSON value", offset(in, null), false);
            }
            Object value = value(in, first);
            if (in.nextToken() != null) {
                throw atToken(in, "expected end of input");
            }
            return value;
        } catch (StreamConstraintsException e) {
            boolean tooDeep = in != null && in.getParsingContext().getNestingDepth() > MAX_DEPTH;
            throw new MalformedJsonException(e.getOriginalMessage(), offset(in, e), tooDeep);
        } catch (IOException e) { // JsonParseException and kin: with a String as input there is no other I/O
            throw new MalformedJsonException(e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage()
                    : e.getMessage(), offset(in, e), false);
        } finally {
            if (in != null) {
                try {
                    in.close(); // returns its buffers to jackson's recycler
                } catch (IOException cannotHappen) { // closing a StringReader or a char array
                }
            }
        }
    }

    /** Recursion is bounded: jackson refuses the level past {@link #MAX_DEPTH} before it is returned here. */
    private static Object value(JsonParser in, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT:
                JsonObject object = new JsonObject();
                for (String key = in.nextFieldName(); key != null; key = in.nextFieldName()) {
                    // A repeated key keeps its first position and takes the last value, as in Jsoner.
                    object.put(key, value(in, in.nextToken()));
                }
                return object;
            case START_ARRAY:
                JsonArray array = new JsonArray();
                for (JsonToken next = in.nextToken(); next != JsonToken.END_ARRAY; next = in.nextToken()) {
                    array.add(value(in, next));
                }
                return array;
            case VALUE_STRING:
                return in.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return number(in);
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default: // jackson checks the grammar: a value's place never holds a closing bracket or a key
                throw new IllegalStateException("unexpected " + token + " where a value starts");
        }
    }

    /** The number's exact text as a BigDecimal, as {@code new BigDecimal(String)} would read it. */
    private static BigDecimal number(JsonParser in) throws IOException {
        int length = in.getTextLength();
        if (length > MAX_NUMBER_LENGTH) {
            throw atToken(in, "expected a number of at most " + MAX_NUMBER_LENGTH + " characters");
        }
        try {
            return new BigDecimal(in.getTextCharacters(), in.getTextOffset(), length);
        } catch (NumberFormatException exponentOutOfIntRange) { // 1e9999999999: grammatical, yet no BigDecimal
            throw atToken(in, "expected a number with an exponent within BigDecimal's range");
        }
    }

    /** A problem jackson does not check, found at the start of the current token. */
    private static MalformedJsonException atToken(JsonParser in, String expected) {
        int start = (int) Math.max(0, in.currentTokenLocation().getCharOffset());
        return new MalformedJsonException(expected, start, false);
    }

    /** Where jackson noticed a problem: at the offending character, or just past the offending token. */
    private static int offset(JsonParser in, IOException e) {
        JsonLocation where = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
        if (where == null && in != null) {
            where = in.currentLocation();
        }
        return where == null ? 0 : (int) Math.max(0, where.getCharOffset());
    }

    /** The text is not valid JSON, or beyond a limit; the message says what was wrong and at which char offset. */
    static final class MalformedJsonException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int offset;
        private final boolean tooDeep;

        MalformedJsonException(String problem, int offset, boolean tooDeep) {
            // No stack trace: a client's bad body is routine on the hot path, and where we noticed it tells nobody
            // anything.
            super(problem + " at offset " + offset, null, false, false);
            this.offset = offset;
            this.tooDeep = tooDeep;
        }

        /** Char offset where the problem was noticed, at most the text's length. */
        int offset() {
            return offset;
        }

        /** True when the text nests arrays and objects deeper than {@link #MAX_DEPTH}, valid or not beyond that. */
        boolean tooDeep() {
            return tooDeep;
        }
    }
}
