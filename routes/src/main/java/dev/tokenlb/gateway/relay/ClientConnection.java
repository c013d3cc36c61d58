package dev.tokenlb.gateway.relay;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.gateway.errors.ClientReply;
import dev.tokenlb.gateway.http.ClientHangups;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * The client side of one proxied exchange: the Vert.x response we write ourselves, whether the client is still
 * there, and the call to the backend made on its behalf. The call is cut at once when the client hangs up or a
 * deadline passes ({@link Deadlines}), whether it is still waiting for the backend's headers (the HTTP request is
 * cancelled: see {@link UpstreamCalls}) or relaying the body (the body is aborted, not drained). So the backend stops
 * generating, and the exchange ends and releases its lease without waiting for the backend to finish.
 * <p>
 * Thread-safe: the close handler runs on the event loop, deadlines on the sweeper thread, the relay on a worker.
 */
final class ClientConnection implements ClientReply {

    private final HttpServerResponse response;
    private final Exchange exchange;
    private final long startedNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile boolean finished;
    private volatile String timedOut;
    private volatile InputStream upstream;
    private volatile Cancellable upstreamCall;
    private volatile CompletableFuture<Void> writable;
    private volatile long firstByteNanos;
    private volatile long lastActivityNanos;

    /**
     * @param hangup the request's hang-up signal from {@link ClientHangups}; null to listen on the response itself
     *               (only where nothing else needs its single close handler)
     */
    ClientConnection(HttpServerResponse response, Exchange exchange, ClientHangups.Hangup hangup) {
        this.response = response;
        this.exchange = exchange;
        if (hangup != null) {
            hangup.onHangup(this::onClosed);
        } else {
            response.closeHandler(v -> onClosed());
            response.exceptionHandler(e -> onClosed());
        }
    }

    @Override
    public HttpServerResponse response() {
        return response;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String timedOut() {
        return timedOut;
    }

    /** The exchange is done: later calls on this thread (a stale binding) are none of this connection's business. */
    void finished() {
        finished = true;
        upstreamCall = null;
    }

    /** The call to the backend now under way (its headers not in yet): cancelled if the exchange is cut. */
    void calling(Cancellable call) {
        if (finished) {
            return;
        }
        this.upstreamCall = call;
        if (closed || timedOut != null) {
            call.cancel();
        }
    }

    /** The backend body now being relayed: aborted if the exchange is cut. */
    void relaying(InputStream body) {
        this.upstream = body;
        if (closed || timedOut != null) {
            abortUpstream();
        }
    }

    /** A piece of the reply's body arrived from the backend. */
    void bodyArrived() {
        long now = System.nanoTime();
        if (firstByteNanos == 0) {
            firstByteNanos = now;
        }
        lastActivityNanos = now;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** When the reply's first body byte arrived, or 0. */
    long firstByteNanos() {
        return firstByteNanos;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
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

    /** A deadline passed: cut the call; the balancer must not fail over, the backend is to blame. */
    void timeOut(String deadline) {
        if (timedOut != null || closed) {
            return;
        }
        exchange.setProperty(TokenLbConstants.TIMED_OUT, deadline);
        timedOut = deadline;
        cutUpstream();
    }

    private synchronized void onClosed() {
        if (closed) {
            return;
        }
        // said before the call is cut, so the balancer sees it when the cut call fails
        exchange.setProperty(TokenLbConstants.ABANDONED, true);
        closed = true;
        cutUpstream();
        CompletableFuture<Void> w = writable;
        if (w != null) {
            w.complete(null);
        }
    }

    private void cutUpstream() {
        Cancellable call = upstreamCall;
        if (call != null) {
            call.cancel();
        }
        abortUpstream();
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
