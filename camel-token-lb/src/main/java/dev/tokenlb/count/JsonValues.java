package dev.tokenlb.count;

import java.math.BigDecimal;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Typed reads of parsed JSON values. Each takes the value and its path for the error message; JSON null and an absent
 * field are the same thing, as in OpenAI's API. Stateless, thread-safe.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** The string, or null when absent. */
    static String string(Object value, String param) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw InvalidRequestException.wrongType(param, "a string", value);
    }

    /** The object, or null when absent. */
    static JsonObject object(Object value, String param) {
        if (value == null || value instanceof JsonObject) {
            return (JsonObject) value;
        }
        throw InvalidRequestException.wrongType(param, "an object", value);
    }

    /** The array, or null when absent. */
    static JsonArray array(Object value, String param) {
        if (value == null || value instanceof JsonArray) {
            return (JsonArray) value;
        }
        throw InvalidRequestException.wrongType(param, "an array", value);
    }

    /** A required array with at least one element. */
    static JsonArray nonEmptyArray(Object value, String param) {
        if (value == null) {
            throw InvalidRequestException.missing(param);
        }
        JsonArray array = array(value, param);
        if (array.isEmpty()) {
            throw InvalidRequestException.emptyArray(param);
        }
        return array;
    }

    /** The boolean, false when absent. */
    static boolean flag(Object value, String param) {
        if (value == null || value instanceof Boolean) {
            return value == Boolean.TRUE;
        }
        throw InvalidRequestException.wrongType(param, "a boolean", value);
    }

    /** A non-negative integer no larger than {@link Integer#MAX_VALUE}, or -1 when absent. */
    static int count(Object value, String param) {
        if (value == null) {
            return -1;
        }
        if (!(value instanceof BigDecimal)) { // JsonTree reads every JSON number as a BigDecimal
            throw InvalidRequestException.wrongType(param, "an integer", value);
        }
        int count;
        try {
            count = ((BigDecimal) value).intValueExact(); // 1e3 is fine, 1.5 and 1e30 are not
        } catch (ArithmeticException notAnInt) {
            throw InvalidRequestException.invalidValue(param, "expected an integer between 0 and " + Integer.MAX_VALUE
                    + ", but got " + value + " instead.");
        }
        if (count < 0) {
            throw InvalidRequestException.invalidValue(param, "integer below minimum value. Expected a value >= 0, but"
                    + " got " + count + " instead.");
        }
        return count;
    }
}
