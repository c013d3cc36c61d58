package dev.tokenlb.capacity;

/**
 * What happened to one stream: when it was opened, when its first chunk and its end came, how many events it got,
 * and how it ended. Written by one event loop, read after the run (fields are volatile for the reader).
 */
final class StreamProbe {

    final int step;
    final long openedNanos;
    volatile long firstChunkNanos;
    volatile long endNanos;
    volatile int events;
    volatile boolean done;
    volatile String error;

    StreamProbe(int step, long openedNanos) {
        this.step = step;
        this.openedNanos = openedNanos;
    }

    boolean open() {
        return endNanos == 0;
    }

    /** Milliseconds to the first chunk, or -1 if none came. */
    double firstChunkMillis() {
        return firstChunkNanos == 0 ? -1 : (firstChunkNanos - openedNanos) / 1e6;
    }
}
