package dev.tokenlb.health;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterTest {

    @Test
    void readsDelaySeconds() {
        assertEquals(120_000, RetryAfter.millis("120", 0));
        assertEquals(0, RetryAfter.millis(" 0 ", 0));
        assertEquals(3_000, RetryAfter.millis(3, 0));
    }

    @Test
    void readsAnHttpDateRelativeToNow() {
        long now = java.time.ZonedDateTime.parse("Wed, 21 Oct 2015 07:28:00 GMT",
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        assertEquals(30_000, RetryAfter.millis("Wed, 21 Oct 2015 07:28:30 GMT", now));
        assertEquals(0, RetryAfter.millis("Wed, 21 Oct 2015 07:27:00 GMT", now), "a date in the past: no pause");
    }

    @Test
    void givesMinusOneForAbsentOrUnreadableValues() {
        assertEquals(-1, RetryAfter.millis(null, 0));
        assertEquals(-1, RetryAfter.millis("", 0));
        assertEquals(-1, RetryAfter.millis("soon", 0));
        assertEquals(-1, RetryAfter.millis("-5", 0));
        assertEquals(-1, RetryAfter.millis("12abc", 0));
        assertEquals(-1, RetryAfter.millis(-1, 0));
    }
}
