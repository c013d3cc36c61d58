package dev.tokenlb.engine;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects a response body up to a bound and no further: past it, the rest is refused (the subscription is
 * cancelled, which closes the connection) and the body is marked truncated. So a server that answers with gigabytes
 * costs at most the bound in memory. One instance per response.
 * <p>
 * Thread-safe: the client calls it from its threads, {@link #abort} may come from a timer.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Bytes> {

    /** The bytes read: {@code data[0, length)}. */
    record Bytes(byte[] data, int length, boolean truncated) {
    }

    private final int limit;
    private final CompletableFuture<Bytes> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private byte[] data;
    private int length;
    private boolean done;

    BoundedBody(int limit) {
        this.limit = limit;
        this.data = new byte[Math.min(limit, 16 * 1024)];
    }

    /** A handler giving each response its own bounded body; error replies are read only to a small bound. */
    static HttpResponse.BodyHandler<Bytes> handler(int limit, AtomicReference<BoundedBody> created) {
        return info -> {
            BoundedBody body = new BoundedBody(info.statusCode() / 100 == 2 ? limit : 1024);
            created.set(body);
            return body;
        };
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (done) {
            subscription.cancel(); // aborted before the body began
        } else {
            subscription.request(Long.MAX_VALUE); // the bound, not backpressure, keeps memory in check
        }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        if (done) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int room = limit - length;
            int n = Math.min(room, buffer.remaining());
            if (length + n > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(limit, Math.max((long) data.length * 2, length + n)));
            }
            buffer.get(data, length, n);
            length += n;
            if (buffer.hasRemaining()) {
                done = true;
                subscription.cancel();
                result.complete(new Bytes(data, length, true));
                return;
            }
        }
    }

    @Override
    public synchronized void onError(Throwable failure) {
        done = true;
        result.completeExceptionally(failure);
    }

    @Override
    public synchronized void onComplete() {
        done = true;
        result.complete(new Bytes(data, length, false));
    }

    /** Stops reading (a deadline passed): the body fails with the given reason and the connection is closed. */
    synchronized void abort(Throwable reason) {
        done = true;
        if (subscription != null) {
            subscription.cancel();
        }
        result.completeExceptionally(reason);
    }

    @Override
    public CompletionStage<Bytes> getBody() {
        return result;
    }
}
