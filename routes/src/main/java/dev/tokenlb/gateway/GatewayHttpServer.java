package dev.tokenlb.gateway;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * Camel's Vert.x HTTP server for platform-http, with the gateway's {@link HttpGuard} installed on its router before
 * any route registers. Started as a Camel service. Thread-safe as its parent.
 */
final class GatewayHttpServer extends VertxPlatformHttpServer {

    private final long maxBodyBytes;

    GatewayHttpServer(VertxPlatformHttpServerConfiguration configuration, long maxBodyBytes) {
        super(configuration);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void initializeServer() {
        super.initializeServer();
        HttpGuard.install(VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getConfigurationPort())), maxBodyBytes);
    }
}
