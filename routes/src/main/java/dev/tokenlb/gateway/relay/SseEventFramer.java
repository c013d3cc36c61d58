package dev.tokenlb.gateway.relay;

import java.util.Arrays;

/**
 * Cuts a byte stream of Server-Sent Events into whole events. Reads from an HTTP client arrive in blocks that end
 * anywhere, often mid-line; forwarding only whole events (each ending with a blank line) keeps line-reading clients and
 * per-event accounting simple. Bytes are never changed, reordered or dropped: {@link #flush()} returns whatever is left
 * at the end of the stream.
 * <p>
 * Public so that other relays (the Spring Boot example's servlet relay) frame alike.
 * <p>
 * Not thread-safe; one instance per stream.
 */
public final class SseEventFramer {

    private byte[] pending = new byte[0];
    private int pendingLength;
    private long events;

    /**
     * Adds bytes read from the backend.
     *
     * @return the bytes of the whole events completed by this read (possibly several, possibly none: empty array)
     */
    public byte[] accept(byte[] buf, int off, int len) {
        ensureCapacity(pendingLength + len);
        System.arraycopy(buf, off, pending, pendingLength, len);
        int scanFrom = Math.max(0, pendingLength - 3);
        pendingLength += len;
        int end = lastEventEnd(scanFrom);
        if (end < 0) {
            return new byte[0];
        }
        byte[] out = Arrays.copyOf(pending, end);
        System.arraycopy(pending, end, pending, 0, pendingLength - end);
        pendingLength -= end;
        return out;
    }

    /** @return the bytes of an unfinished last event, at the end of the stream (empty array if none) */
    public byte[] flush() {
        byte[] out = Arrays.copyOf(pending, pendingLength);
        pendingLength = 0;
        return out;
    }

    /** Number of whole events seen so far. */
    public long events() {
        return events;
    }

    /** Finds the end of the last complete event at or after scanFrom: just after "\n\n", "\r\n\r\n" or "\r\r". */
    private int lastEventEnd(int scanFrom) {
        int end = -1;
        for (int i = scanFrom; i < pendingLength; i++) {
            byte b = pending[i];
            if (b != '\n' && b != '\r') {
                continue;
            }
            int next = terminatorEnd(i);
            if (next > 0) {
                events++;
                end = next;
                i = next - 1;
            }
        }
        return end;
    }

    /** If an event terminator (an empty line) starts at i, returns the index after it, else -1. */
    private int terminatorEnd(int i) {
        int afterFirst = lineBreakEnd(i);
        if (afterFirst < 0 || afterFirst >= pendingLength) {
            return -1;
        }
        return lineBreakEnd(afterFirst);
    }

    /** If a line break ("\n", "\r\n" or "\r") starts at i, returns the index after it, else -1. */
    private int lineBreakEnd(int i) {
        if (pending[i] == '\n') {
            return i + 1;
        }
        if (pending[i] == '\r') {
            if (i + 1 < pendingLength && pending[i + 1] == '\n') {
                return i + 2;
            }
            // a '\r' at the end of what we have may be the start of "\r\n": wait for the next byte to know
            return i + 1 < pendingLength ? i + 1 : -1;
        }
        return -1;
    }

    private void ensureCapacity(int needed) {
        if (needed > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(needed, pending.length * 2));
        }
    }
}
