package dev.tokenlb.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.http.HttpServerResponse;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * The client side of one proxied exchange: the Vert.x response we write ourselves, and whether the client is still
 * there. When the client hangs up, the backend response being relayed is aborted at once (the backend stops
 * generating, the connection is not drained), so the exchange ends and its lease is released without waiting for the
 * backend to finish.
 * <p>
 * Thread-safe: the close handler runs on the event loop, the relay on a worker thread.
 */
final class ClientConnection {

    private final HttpServerResponse response;
    private volatile boolean closed;
    private volatile InputStream upstream;
    private volatile CompletableFuture<Void> writable;

    ClientConnection(HttpServerResponse response) {
        this.response = response;
        response.closeHandler(v -> onClosed());
        response.exceptionHandler(e -> onClosed());
    }

    HttpServerResponse response() {
        return response;
    }

    boolean isClosed() {
        return closed;
    }

    /** The backend body now being relayed: aborted if the client goes away. */
    void relaying(InputStream body) {
        this.upstream = body;
        if (closed) {
            abortUpstream();
        }
    }

    /**
     * Blocks while the response's write queue is full (backpressure), until it drains or the client goes away.
     *
     * @throws TimeoutException if the client reads nothing for that long
     */
    void awaitWritable(long timeoutMillis) throws InterruptedException, TimeoutException {
        if (!response.writeQueueFull() || closed) {
            return;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        writable = drained;
        response.drainHandler(v -> drained.complete(null));
        if (!response.writeQueueFull() || closed) { // drained (or closed) before the handler was set
            drained.complete(null);
        }
        try {
            drained.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            writable = null;
        }
    }

    private void onClosed() {
        closed = true;
        abortUpstream();
        CompletableFuture<Void> w = writable;
        if (w != null) {
            w.complete(null);
        }
    }

    private void abortUpstream() {
        InputStream in = upstream;
        if (in == null) {
            return;
        }
        try {
            if (in instanceof EofSensorInputStream eof) {
                eof.abort(); // drops the connection; close() would first read the rest of the reply
            } else {
                in.close();
            }
        } catch (IOException e) {
            // the stream is being torn down anyway
        }
    }
}
