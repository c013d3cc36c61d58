package dev.tokenlb.gateway.relay;

import java.nio.charset.StandardCharsets;

/**
 * Reads the output-token count off a reply as it is relayed, without parsing every event as a tree: in a stream, each
 * event that carries generated text ({@code "content":"..."} or {@code "text":"..."}, non-empty) counts as one token,
 * as OpenAI-compatible servers send one token per chunk; a {@code usage} object's {@code completion_tokens} (in a
 * stream's usage chunk, or in a plain JSON reply) is the reported count and wins.
 * <p>
 * Scans the UTF-8 bytes by hand (every byte it looks for is ASCII, and no ASCII byte occurs inside a multi-byte
 * character): no String, no regular expression per event, which cost a tenth of the gateway's CPU on streamed
 * replies. A {@code completion_tokens} of more digits than a long holds is taken as {@link Long#MAX_VALUE}.
 * <p>
 * Public so that other relays (the Spring Boot example's servlet relay) count alike.
 * <p>
 * Not thread-safe; one instance per reply.
 */
public final class ReplyTokens {

    private static final byte[] COMPLETION_TOKENS = ascii("\"completion_tokens\"");
    private static final byte[] CONTENT = ascii("\"content\"");
    private static final byte[] TEXT = ascii("\"text\"");
    private static final byte[] DATA = ascii("data:");
    private static final byte[] DONE = ascii("[DONE]");
    /** A plain JSON reply is kept up to this size to read its usage; a larger one is relayed without learning. */
    static final int MAX_JSON_BYTES = 4 << 20;

    private long counted;
    private long reported = -1;
    private byte[] json = new byte[0];
    private int jsonLength;

    /** Accounts whole SSE events (as {@link SseEventFramer} returns them), separated by blank lines. */
    public void events(byte[] events) {
        int n = events.length;
        int start = 0;
        while (start <= n) {
            int end = start;
            int separator = 0;
            while (end < n && (separator = separatorAt(events, end, n)) == 0) {
                end++;
            }
            event(events, start, end);
            if (end >= n) {
                return;
            }
            start = end + separator;
        }
    }

    /** Keeps bytes of a plain (non-SSE) reply, to read its usage at the end. */
    public void body(byte[] buf, int len) {
        if (jsonLength + len > MAX_JSON_BYTES) {
            jsonLength = -1; // too big to keep: give up on this reply
        }
        if (jsonLength < 0) {
            return;
        }
        if (jsonLength + len > json.length) {
            json = java.util.Arrays.copyOf(json, Math.max(jsonLength + len, json.length * 2));
        }
        System.arraycopy(buf, 0, json, jsonLength, len);
        jsonLength += len;
    }

    /** Output tokens seen so far in a stream. */
    public long counted() {
        return counted;
    }

    /** The reply's {@code usage.completion_tokens}, or -1 when it gave none. */
    public long reported() {
        if (reported < 0 && jsonLength > 0) {
            reported = completionTokens(json, 0, jsonLength);
        }
        return reported;
    }

    /** {@code usage.completion_tokens} in a whole plain reply body, or -1; without keeping a copy of it. */
    public static long reportedIn(byte[] body) {
        return body.length > MAX_JSON_BYTES ? -1 : completionTokens(body, 0, body.length);
    }

    private void event(byte[] b, int from, int to) {
        int data = indexOf(b, from, to, DATA);
        if (data < 0) {
            return;
        }
        int payload = data + DATA.length;
        while (payload < to && b[payload] == ' ') {
            payload++;
        }
        if (startsWith(b, payload, to, DONE)) {
            return;
        }
        long usage = completionTokens(b, from, to);
        if (usage >= 0) {
            reported = usage;
        }
        if (hasText(b, from, to, CONTENT) || hasText(b, from, to, TEXT)) {
            counted++;
        }
    }

    /** Length of a blank-line separator ({@code \r?\n\r?\n} or {@code \r\r}) starting at i, or 0. */
    private static int separatorAt(byte[] b, int i, int n) {
        int j = i;
        if (j < n && b[j] == '\r') {
            j++;
        }
        if (j < n && b[j] == '\n') {
            j++;
            if (j < n && b[j] == '\r') {
                j++;
            }
            if (j < n && b[j] == '\n') {
                return j + 1 - i;
            }
        }
        return i + 1 < n && b[i] == '\r' && b[i + 1] == '\r' ? 2 : 0;
    }

    /** The first {@code "completion_tokens" : digits} in [from, to), or -1. */
    private static long completionTokens(byte[] b, int from, int to) {
        for (int at = indexOf(b, from, to, COMPLETION_TOKENS); at >= 0;
             at = indexOf(b, at + 1, to, COMPLETION_TOKENS)) {
            int i = skipJsonSpace(b, at + COMPLETION_TOKENS.length, to);
            if (i >= to || b[i] != ':') {
                continue;
            }
            i = skipJsonSpace(b, i + 1, to);
            if (i >= to || b[i] < '0' || b[i] > '9') {
                continue;
            }
            long value = 0;
            for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
                int digit = b[i] - '0';
                value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
            }
            return value;
        }
        return -1;
    }

    /** True if some {@code key : "} in [from, to) opens a non-empty string. */
    private static boolean hasText(byte[] b, int from, int to, byte[] key) {
        for (int at = indexOf(b, from, to, key); at >= 0; at = indexOf(b, at + 1, to, key)) {
            int i = skipJsonSpace(b, at + key.length, to);
            if (i >= to || b[i] != ':') {
                continue;
            }
            i = skipJsonSpace(b, i + 1, to);
            if (i < to && b[i] == '"' && (i + 1 >= to || b[i + 1] != '"')) {
                return true;
            }
        }
        return false;
    }

    /** Skips what {@code \s} matches: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static int skipJsonSpace(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] b, int from, int to, byte[] needle) {
        byte first = needle[0];
        for (int i = from, last = to - needle.length; i <= last; i++) {
            if (b[i] == first && startsWith(b, i, to, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int i, int to, byte[] prefix) {
        if (to - i < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[i + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
