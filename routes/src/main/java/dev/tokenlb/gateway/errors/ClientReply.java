package dev.tokenlb.gateway.errors;

import io.vertx.core.http.HttpServerResponse;

/**
 * The client side of a proxied exchange, as the error step sees it: the Vert.x response, whether the client hung up,
 * and which deadline cut the exchange. The relay's connection implements it and keeps it in the exchange property
 * {@link #PROPERTY}; the error step reads it there, so that errors need not know the relay.
 * <p>
 * Implementations are thread-safe: the client's hang-up, the deadline sweeper and the route's worker all touch one.
 */
public interface ClientReply {

    /** Exchange property holding the exchange's {@code ClientReply}, captured before the producer replaces the message. */
    String PROPERTY = "TokenLbGatewayClient";
    /** Reply header naming the backend that answered (or failed), on proxied replies and their errors. */
    String BACKEND_HEADER = "x-tokenlb-backend";
    /** {@link #timedOut()}: no body byte within the first-byte timeout. */
    String FIRST_BYTE = "first-byte";
    /** {@link #timedOut()}: a gap between two pieces of the reply longer than the idle timeout. */
    String IDLE = "idle";
    /** {@link #timedOut()}: the whole exchange took longer than the total timeout. */
    String TOTAL = "total";

    /** The client's response, which the gateway writes itself. */
    HttpServerResponse response();

    /** True once the client has gone away. */
    boolean isClosed();

    /** Which deadline cut the exchange ({@link #FIRST_BYTE}, {@link #IDLE}, {@link #TOTAL}), or null. */
    String timedOut();

    /**
     * Marks the response of a client that went away as ended, so that platform-http does not try to write a status
     * on it afterwards (which would fail with "head already sent" and log an error per hang-up). Writing to the closed
     * connection does nothing.
     */
    static void endClosed(HttpServerResponse response) {
        if (!response.ended()) {
            try {
                response.end();
            } catch (IllegalStateException e) {
                // already ended by another path
            }
        }
    }
}
