package dev.tokenlb.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may read the operations endpoints ({@code /metrics}, {@code /tokenlb/status}, {@code /health*}): a Vert.x
 * handler in front of their routes, on the event loop.
 * <ul>
 * <li>With a management port, a request that reached them through the public port gets 404, as any unknown path;
 * through the management port they answer (with API keys set and a management host that is not loopback,
 * {@code /metrics} and {@code /tokenlb/status}, which name the backends, need the key there too).</li>
 * <li>Without one ({@code tokenlb.management-port=-1}), they answer on the public port, with API keys set only to a
 * request with a valid key: backend URLs are never shown to a caller without one.</li>
 * </ul>
 * Thread-safe.
 */
public final class OperationsAccess implements Handler<RoutingContext> {

    private final ApiKeys keys;
    private final ManagementServer management;
    private final boolean keyOnManagementPort;

    /**
     * @param management          the management port's server; null: operations stay on the public port
     * @param keyOnManagementPort whether backend-naming endpoints need the key on the management port too
     */
    public OperationsAccess(ApiKeys keys, ManagementServer management, boolean keyOnManagementPort) {
        this.keys = keys;
        this.management = management;
        this.keyOnManagementPort = keyOnManagementPort;
    }

    /** Whether a path is one of the operations endpoints (served on the management port). */
    public static boolean isOperationsPath(String path) {
        return path.equals("/metrics") || path.equals("/health") || path.startsWith("/health/")
               || path.equals("/tokenlb") || path.startsWith("/tokenlb/");
    }

    /** Puts this check in front of every operations route of the public router. */
    void install(Router router) {
        for (String path : new String[] {"/metrics", "/health", "/health/*", "/tokenlb/*"}) {
            router.route(path).order(-1001).handler(this);
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        boolean viaManagement = management != null && arrivedOn(ctx, management.port());
        if (management != null && !viaManagement) {
            HttpGuard.unknownUrl(ctx);
            return;
        }
        boolean keyNeeded = keys.any() && (!viaManagement || keyOnManagementPort && namesBackends(ctx.request().path()));
        if (keyNeeded && !keys.authorized(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            HttpGuard.unauthorized(ctx);
            return;
        }
        ctx.next();
    }

    private static boolean namesBackends(String path) {
        return !path.equals("/health") && !path.startsWith("/health/");
    }

    private static boolean arrivedOn(RoutingContext ctx, int port) {
        SocketAddress local = ctx.request().localAddress();
        return port > 0 && local != null && local.port() == port;
    }
}
