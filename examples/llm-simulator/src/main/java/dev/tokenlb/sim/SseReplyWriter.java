package dev.tokenlb.sim;

import io.vertx.core.http.HttpServerResponse;

/**
 * A streamed reply. Headers go out in {@link #begin()}, so a queued or prefilling request has its headers but no data
 * yet. Each generated token becomes one event.
 *
 * <p>Backpressure: the engine does not wait for slow readers (a real engine does not either). When the response's
 * write queue is full, tokens are not written but counted as pending; the drain handler writes them, one event each,
 * until the queue is full again. Since an event is rebuilt from its index, pending tokens cost one int, not a buffer,
 * and the queue never grows past its limit by more than one event. The end of the stream is written once nothing is
 * pending. Confined to the connection's event loop.
 */
final class SseReplyWriter implements ReplyWriter {

    private final HttpServerResponse response;
    private final SseChunks chunks;
    private final boolean includeUsage;
    private int generated;
    private int written;
    private Runnable onEnded;
    private boolean drainArmed;
    private boolean ended;

    SseReplyWriter(HttpServerResponse response, ReplyMeta meta) {
        this.response = response;
        this.chunks = new SseChunks(meta);
        this.includeUsage = meta.includeUsage();
    }

    @Override
    public void begin() {
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
        response.writeHead();
    }

    @Override
    public void token(int index) {
        generated = index;
        pump();
    }

    @Override
    public void finish(Runnable ended) {
        this.onEnded = ended;
        pump();
    }

    /** Written tokens so far; fewer than generated while the client reads slowly. */
    int written() {
        return written;
    }

    private void pump() {
        if (ended || response.closed()) {
            return;
        }
        while (written < generated) {
            if (response.writeQueueFull()) {
                armDrain();
                return;
            }
            response.write(chunks.token(++written));
        }
        if (onEnded != null) {
            ended = true;
            response.write(chunks.finish());
            if (includeUsage) {
                response.write(chunks.usage());
            }
            response.end(SseChunks.DONE);
            onEnded.run();
        }
    }

    private void armDrain() {
        if (!drainArmed) {
            drainArmed = true;
            response.drainHandler(v -> {
                drainArmed = false;
                pump();
            });
        }
    }
}
