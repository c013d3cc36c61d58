package dev.tokenlb.gateway;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output-token count off a reply as it is relayed, without parsing every event as a tree: in a stream, each
 * event that carries generated text ({@code "content":"..."} or {@code "text":"..."}, non-empty) counts as one token,
 * as OpenAI-compatible servers send one token per chunk; a {@code usage} object's {@code completion_tokens} (in a
 * stream's usage chunk, or in a plain JSON reply) is the reported count and wins.
 * <p>
 * Not thread-safe; one instance per reply.
 */
final class ReplyTokens {

    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\"\\s*:\\s*(\\d+)");
    private static final Pattern TEXT = Pattern.compile("\"(?:content|text)\"\\s*:\\s*\"(?!\")");
    /** A plain JSON reply is kept up to this size to read its usage; a larger one is relayed without learning. */
    static final int MAX_JSON_BYTES = 4 << 20;

    private long counted;
    private long reported = -1;
    private byte[] json = new byte[0];
    private int jsonLength;

    /** Accounts whole SSE events (as {@link SseEventFramer} returns them). */
    void events(byte[] events) {
        String text = new String(events, StandardCharsets.UTF_8);
        for (String event : text.split("\r?\n\r?\n|\r\r")) {
            int data = event.indexOf("data:");
            if (data < 0 || event.startsWith("[DONE]", skipSpace(event, data + 5))) {
                continue;
            }
            Matcher usage = COMPLETION_TOKENS.matcher(event);
            if (usage.find()) {
                reported = Long.parseLong(usage.group(1));
            }
            if (TEXT.matcher(event).find()) {
                counted++;
            }
        }
    }

    /** Keeps bytes of a plain (non-SSE) reply, to read its usage at the end. */
    void body(byte[] buf, int len) {
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
    long counted() {
        return counted;
    }

    /** The reply's {@code usage.completion_tokens}, or -1 when it gave none. */
    long reported() {
        if (reported < 0 && jsonLength > 0) {
            Matcher usage = COMPLETION_TOKENS.matcher(new String(json, 0, jsonLength, StandardCharsets.UTF_8));
            if (usage.find()) {
                reported = Long.parseLong(usage.group(1));
            }
        }
        return reported;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
