package dev.tokenlb.gateway.http;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.gateway.errors.OpenAiError;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The management port ({@code tokenlb.management-host}:{@code tokenlb.management-port}): a second Vert.x HTTP server,
 * on the gateway's Vert.x, that serves only the operations endpoints. It hands each operations request to the public
 * server's router, where platform-http registered their routes, so the routes (YAML or Java DSL) stay as they are
 * and run exactly as before; {@link OperationsAccess} there lets them answer only to requests that came this way. Any
 * other path gets 404 here: traffic ({@code /v1/*}) is never served on this port. Started as a Camel service, after
 * the public server; stopped before Vert.x closes. Thread-safe.
 */
public final class ManagementServer extends ServiceSupport {

    private final Vertx vertx;
    private final String host;
    private final int configuredPort;
    private volatile GatewayHttpServer publicServer;
    private volatile HttpServer server;

    public ManagementServer(Vertx vertx, String host, int port) {
        this.vertx = vertx;
        this.host = host;
        this.configuredPort = port;
    }

    /** Where operations requests go: the public server, whose router holds their routes. Set before start. */
    public void forwardTo(GatewayHttpServer publicServer) {
        this.publicServer = publicServer;
    }

    /** The port listened on (the ephemeral one for {@code tokenlb.management-port=0}); 0 before start. */
    public int port() {
        HttpServer s = server;
        return s == null ? 0 : s.actualPort();
    }

    public String host() {
        return host;
    }

    @Override
    protected void doStart() throws Exception {
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(configuredPort))
                .requestHandler(this::handle);
        try {
            server = s.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + configuredPort
                                            + " (tokenlb.management-port, tokenlb.management-host): "
                                            + e.getCause().getMessage(), e.getCause());
        }
    }

    private void handle(HttpServerRequest request) {
        GatewayHttpServer target = publicServer;
        Router router = target == null ? null : target.router();
        if (router == null || !OperationsAccess.isOperationsPath(request.path())) {
            request.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new OpenAiError(404, "invalid_request_error", "unknown_url", "Unknown request URL: "
                            + request.method() + " " + request.path() + " (the management port serves /metrics, "
                            + "/tokenlb/status and /health)", null).toJson());
            return;
        }
        router.handle(request);
    }

    @Override
    protected void doStop() throws Exception {
        HttpServer s = server;
        if (s != null) {
            s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
