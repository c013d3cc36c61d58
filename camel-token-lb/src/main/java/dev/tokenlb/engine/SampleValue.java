package dev.tokenlb.engine;

import java.nio.charset.StandardCharsets;

/**
 * Reads a sample value (or timestamp) as Go's ParseFloat reads what exporters write: decimal and exponent forms, NaN,
 * Inf, +Inf, -Inf, any case. Anything else (Java's {@code 1d}, {@code 0x1p3}, {@code Infinity}, {@code 1e}) is
 * invalid. Plain decimals of up to 15 digits, the usual case, are read without allocating. Stateless.
 */
final class SampleValue {

    /** What {@link #read} returns for a token that is not a number; a real NaN is told apart with {@link #isNaN}. */
    static final double INVALID = Double.NaN;

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private SampleValue() {
    }

    static double read(byte[] b, int from, int end) {
        int len = end - from;
        if (len <= 0 || len > 64) {
            return INVALID;
        }
        boolean negative = b[from] == '-';
        int s = negative || b[from] == '+' ? from + 1 : from;
        if (end - s == 3 && lower(b[s]) == 'i' && lower(b[s + 1]) == 'n' && lower(b[s + 2]) == 'f') {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double fast = plainDecimal(b, s, end);
        if (!Double.isNaN(fast)) {
            return negative ? -fast : fast;
        }
        boolean digit = false;
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
                return INVALID;
            }
        }
        if (!digit) {
            return INVALID;
        }
        try {
            return Double.parseDouble(new String(b, from, len, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            return INVALID;
        }
    }

    static boolean isNaN(byte[] b, int from, int end) {
        return end - from == 3 && lower(b[from]) == 'n' && lower(b[from + 1]) == 'a' && lower(b[from + 2]) == 'n';
    }

    /**
     * {@code digits[.digits]} with at most 15 significant digits, or NaN for any other form. Exact: the mantissa and
     * the power of ten are both exact doubles, so their one division is correctly rounded, as parseDouble would be.
     */
    private static double plainDecimal(byte[] b, int from, int end) {
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 15) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        return fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
    }

    private static int lower(byte c) {
        return c | 0x20;
    }
}
