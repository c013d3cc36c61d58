package dev.tokenlb.gateway.relay;

import java.io.IOException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * An HttpClient exec interceptor that hands each call to a backend to the {@link ClientConnection} it is made for,
 * so that a client hang-up or a deadline can cancel a call still waiting for the backend's headers (camel-http
 * offers no per-exchange handle on its request). camel-http's producer runs the call on the route's own thread,
 * where {@link PrepareProxyRequest} has bound the connection.
 * <p>
 * Thread-safe.
 */
public final class UpstreamCalls implements ExecChainHandler {

    private static final ThreadLocal<ClientConnection> CURRENT = new ThreadLocal<>();

    /** Binds the exchange's client connection to the current thread, for the backend calls this thread makes. */
    static void bind(ClientConnection connection) {
        CURRENT.set(connection);
    }

    /** Unbinds it, if it is still the one bound. */
    static void unbind(ClientConnection connection) {
        if (CURRENT.get() == connection) {
            CURRENT.remove();
        }
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClientConnection connection = CURRENT.get();
        if (connection != null && scope.originalRequest instanceof Cancellable call) {
            connection.calling(call);
        }
        return chain.proceed(request, scope);
    }
}
