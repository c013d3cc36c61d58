package dev.tokenlb.gateway.http;

import java.util.function.IntConsumer;

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
    private volatile HttpGuard guard;

    /** @param replies told the status of each reply to {@code /v1/*} */
    public GatewayHttpServer(VertxPlatformHttpServerConfiguration configuration, HttpGuard.Limits limits,
                      ClientHangups hangups, IntConsumer replies) {
        super(configuration);
        this.limits = limits;
        this.hangups = hangups;
        this.replies = replies;
    }

    /** The guard in front of the routes; null before the server is initialized. */
    public HttpGuard guard() {
        return guard;
    }

    @Override
    protected void initializeServer() {
        super.initializeServer();
        guard = HttpGuard.install(VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getConfigurationPort())), limits, hangups, replies);
    }
}
