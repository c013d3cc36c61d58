package dev.tokenlb.count;

import java.math.BigDecimal;

import dev.tokenlb.count.JsonParser.MalformedJsonException;

/**
 * A position in a JSON text and the reads of its tokens: whitespace, strings with their escapes, numbers, literals.
 * {@link JsonParser} puts the tokens together into values. Works straight on the String: a string without escapes is
 * one {@code substring}, a number one {@code substring} and its BigDecimal. One per parse, not thread-safe.
 */
final class JsonCursor {

    /**
     * Longest number text accepted. RFC 8259 lets a parser limit precision; without a limit, a megabyte of digits would
     * cost BigDecimal (whose digit parsing is quadratic) seconds of CPU.
     */
    static final int MAX_NUMBER_LENGTH = 1_000;

    private final String text;
    private int pos;
    /** Made on the first escape and reused for the rest of this parse. */
    private StringBuilder unescaped;

    JsonCursor(String text) {
        this.text = text;
    }

    /**
     * Skips whitespace (space, tab, CR, LF: nothing else is JSON whitespace) and returns the next character, or 0 at
     * the end (a 0 in the text is never valid where this decides anything, so the two need no telling apart).
     */
    char next() {
        int n = text.length();
        while (pos < n) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c;
            }
            pos++;
        }
        return 0;
    }

    /** Moves past the character {@link #next()} returned. */
    void skip() {
        pos++;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** Skips whitespace and then the character {@code c}, which must come next. */
    void expect(char c) {
        if (next() != c) {
            throw expected("'" + c + "'");
        }
        pos++;
    }

    /** Reads the string, number or literal that starts with {@code c}, the character {@link #next()} returned. */
    Object scalar(char c) {
        switch (c) {
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return number();
        }
    }

    /** Reads the string whose opening quote is at {@code pos}. */
    String string() {
        int start = ++pos;
        for (int n = text.length(); pos < n; pos++) {
            char c = text.charAt(pos);
            if (c == '"') {
                return text.substring(start, pos++);
            } else if (c == '\\') {
                return escapedString(start);
            } else if (c < 0x20) {
                throw expected("a string character (control characters must be escaped)");
            }
        }
        throw expected("'\"' to end the string");
    }

    /** Continues a string whose plain prefix runs from {@code start} to the backslash at {@code pos}. */
    private String escapedString(int start) {
        StringBuilder out = unescaped == null ? unescaped = new StringBuilder() : unescaped;
        out.setLength(0);
        out.append(text, start, pos);
        for (int n = text.length(); pos < n; pos++) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            } else if (c == '\\') {
                out.append(escape());
            } else if (c < 0x20) {
                throw expected("a string character (control characters must be escaped)");
            } else {
                out.append(c);
            }
        }
        throw expected("'\"' to end the string");
    }

    /**
     * Decodes the escape whose backslash is at {@code pos}, leaving {@code pos} on its last character. A surrogate
     * pair arrives as two escapes whose chars, appended in turn, form the code point; a lone surrogate passes as is.
     */
    private char escape() {
        char c = ++pos < text.length() ? text.charAt(pos) : 0;
        switch (c) {
            case '"':
            case '\\':
            case '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    code = code << 4 | hexDigit(++pos < text.length() ? text.charAt(pos) : 0);
                }
                return (char) code;
            default:
                throw expected("an escape: one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
        }
    }

    /** Only ASCII hex digits: {@link Character#digit} would also take fullwidth and other scripts' digits. */
    private int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw expected("a hex digit in a \\u escape");
    }

    private Object literal(String word, Boolean value) {
        if (!text.startsWith(word, pos)) {
            throw expected("'" + word + "'");
        }
        pos += word.length();
        return value;
    }

    /**
     * Checks the grammar {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} by hand, since BigDecimal also
     * takes forms JSON forbids ({@code +1}, {@code .5}, {@code 1.}, {@code 01}), then builds the BigDecimal from
     * exactly that text.
     */
    private BigDecimal number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        char first = peek();
        if (first == '0') {
            pos++;
        } else if (first >= '1' && first <= '9') {
            skipDigits();
        } else {
            throw expected(pos == start ? "a JSON value" : "a digit");
        }
        if (peek() == '.') {
            pos++;
            requireDigits();
        }
        char e = peek();
        if (e == 'e' || e == 'E') {
            pos++;
            char sign = peek();
            if (sign == '+' || sign == '-') {
                pos++;
            }
            requireDigits();
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            pos = start;
            throw expected("a number of at most " + MAX_NUMBER_LENGTH + " characters");
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException exponentOutOfIntRange) { // 1e9999999999: grammatical, yet no BigDecimal
            pos = start;
            throw expected("a number with an exponent within BigDecimal's range");
        }
    }

    private void requireDigits() {
        char c = peek();
        if (c < '0' || c > '9') {
            throw expected("a digit");
        }
        skipDigits();
    }

    private void skipDigits() {
        int n = text.length();
        while (pos < n && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
    }

    /** The character at {@code pos}, or 0 past the end, as in {@link #next()}. */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    /** An error saying what was expected at the current position. */
    MalformedJsonException expected(String what) {
        return new MalformedJsonException("expected " + what, Math.min(pos, text.length()));
    }
}
