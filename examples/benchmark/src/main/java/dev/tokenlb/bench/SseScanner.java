package dev.tokenlb.bench;

import java.nio.charset.StandardCharsets;

import java.util.Arrays;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads a streamed chat completion as it arrives, without building strings per event: notes when the first
 * {@code data:} line came (time to first token), counts the events carrying content (one token each, as the simulator
 * sends them), and sees {@code [DONE]} and in-band errors. Lines may be cut anywhere between buffers. Only the first
 * {@value #KEEP} bytes of a line are kept for matching, which covers every marker looked for.
 * Not thread-safe: one instance per response, fed from its event loop.
 */
final class SseScanner {

    private static final int KEEP = 1024;
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT = "\"content\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);

    private final byte[] line = new byte[KEEP];
    private int length;
    private long firstDataNanos = -1;
    private int contentEvents;
    private boolean done;
    private String error;
    private StringBuilder text;

    /** Also appends each event's {@code delta.content} to {@code sink} (decoding those events' JSON). */
    void captureText(StringBuilder sink) {
        this.text = sink;
    }

    void feed(Buffer buffer, long nowNanos) {
        int n = buffer.length();
        for (int i = 0; i < n; i++) {
            byte b = buffer.getByte(i);
            if (b == '\n') {
                endLine(nowNanos);
            } else if (length < KEEP) {
                line[length++] = b;
            }
        }
    }

    private void endLine(long nowNanos) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        length = 0;
        if (!startsWith(DATA, end)) {
            return;
        }
        if (firstDataNanos < 0) {
            firstDataNanos = nowNanos;
        }
        if (contains(CONTENT, end)) {
            contentEvents++;
            if (text != null) {
                appendContent(end);
            }
        } else if (contains(DONE, end)) {
            done = true;
        } else if (error == null && contains(ERROR, end)) {
            error = "error event in stream: " + new String(line, 0, Math.min(end, 200), StandardCharsets.UTF_8);
        }
    }

    private void appendContent(int end) {
        try {
            JsonObject event = new JsonObject(Buffer.buffer(Arrays.copyOfRange(line, DATA.length, end)));
            JsonArray choices = event.getJsonArray("choices");
            JsonObject delta = choices == null || choices.isEmpty() ? null : choices.getJsonObject(0)
                    .getJsonObject("delta");
            String piece = delta == null ? null : delta.getString("content");
            if (piece != null) {
                text.append(piece);
            }
        } catch (RuntimeException e) {
            if (error == null) {
                error = "unreadable content event: " + new String(line, 0, Math.min(end, 200), StandardCharsets.UTF_8);
            }
        }
    }

    private boolean startsWith(byte[] prefix, int end) {
        if (end < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean contains(byte[] needle, int end) {
        outer:
        for (int i = 0; i + needle.length <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (line[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    long firstDataNanos() {
        return firstDataNanos;
    }

    int contentEvents() {
        return contentEvents;
    }

    boolean sawDone() {
        return done;
    }

    /** The first in-band error event, or null. */
    String error() {
        return error;
    }
}
