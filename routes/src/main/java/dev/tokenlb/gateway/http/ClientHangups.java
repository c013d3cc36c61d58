package dev.tokenlb.gateway.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Tells a proxied exchange that its client hung up. A Vert.x response has a single close handler, which Vert.x Web
 * already uses for the routing context's end handlers; setting our own would silently disable theirs (and with them
 * the gateway's count of requests in flight). So {@link HttpGuard} registers each request here through an end
 * handler, and the relay's client connection listens here.
 * <p>
 * Thread-safe.
 */
public final class ClientHangups {

    /** One request's hang-up, which may come before or after someone listens. */
    public static final class Hangup {
        private final AtomicBoolean happened = new AtomicBoolean();
        private volatile Runnable listener;

        /** Runs {@code r} on the hang-up, or at once if it already happened. */
        public void onHangup(Runnable r) {
            listener = r;
            if (happened.get()) {
                r.run();
            }
        }

        void fire() {
            if (happened.compareAndSet(false, true)) {
                Runnable l = listener;
                if (l != null) {
                    l.run();
                }
            }
        }
    }

    private final Map<HttpServerRequest, Hangup> open = new ConcurrentHashMap<>();

    /** Follows the request until its response ends (normally, or because the connection closed first). */
    void follow(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Hangup hangup = new Hangup();
        open.put(request, hangup);
        ctx.addEndHandler(done -> {
            open.remove(request);
            if (done.failed()) {
                hangup.fire(); // "Connection closed" or a write failure before the response ended
            }
        });
    }

    /** The request's hang-up signal, or null if the request is not followed. */
    public Hangup of(HttpServerRequest request) {
        return open.get(request);
    }

    int followed() {
        return open.size();
    }
}
