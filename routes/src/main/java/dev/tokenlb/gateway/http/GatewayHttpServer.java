package dev.tokenlb.gateway.http;

import java.util.function.IntConsumer;

import io.vertx.ext.web.Router;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * Camel's Vert.x HTTP server for platform-http, with the gateway's {@link HttpGuard} installed on its router before
 * any route registers. Started as a Camel service. Thread-safe as its parent.
 */
public final class GatewayHttpServer extends VertxPlatformHttpServer {

    private final HttpGuard.Limits limits;
    private final ClientHangups hangups;
    private final IntConsumer replies;
    private final OperationsAccess operations;
    private volatile HttpGuard guard;
    private volatile Router router;

    /**
     * @param replies    told the status of each reply to {@code /v1/*}
     * @param operations who may read the operations endpoints
     */
    public GatewayHttpServer(VertxPlatformHttpServerConfiguration configuration, HttpGuard.Limits limits,
                      ClientHangups hangups, IntConsumer replies, OperationsAccess operations) {
        super(configuration);
        this.operations = operations;
        this.limits = limits;
        this.hangups = hangups;
        this.replies = replies;
    }

    /** The guard in front of the routes; null before the server is initialized. */
    public HttpGuard guard() {
        return guard;
    }

    /** The router platform-http registers its routes on; null before the server is initialized. */
    public Router router() {
        return router;
    }

    @Override
    protected void initializeServer() {
        super.initializeServer();
        Router r = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getConfigurationPort()));
        operations.install(r);
        guard = HttpGuard.install(r, limits, hangups, replies);
        router = r;
    }
}
