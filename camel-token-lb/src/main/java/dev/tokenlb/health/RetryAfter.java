package dev.tokenlb.health;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} value: delay seconds or an HTTP date. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @param  value     the header's value (a String, a Number, or null)
     * @param  nowMillis the current wall-clock time, for an HTTP date
     * @return           the pause asked for in milliseconds (0 or more), or -1 if there is none or it cannot be read
     */
    public static long millis(Object value, long nowMillis) {
        if (value instanceof Number n) {
            return n.longValue() >= 0 ? n.longValue() * 1000 : -1;
        }
        if (value == null) {
            return -1;
        }
        String text = value.toString().trim();
        if (text.isEmpty()) {
            return -1;
        }
        if (Character.isDigit(text.charAt(0))) {
            try {
                long seconds = Long.parseLong(text);
                return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        try {
            long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowMillis);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
