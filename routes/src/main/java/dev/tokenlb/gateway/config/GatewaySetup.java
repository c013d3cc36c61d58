package dev.tokenlb.gateway.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.balance.Backends;
import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.TokenCountingProcessor;
import dev.tokenlb.model.ModelIds;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import dev.tokenlb.camel.TokenLbHealthCheck;
import dev.tokenlb.gateway.errors.ErrorReply;
import dev.tokenlb.gateway.http.ClientHangups;
import dev.tokenlb.gateway.http.GatewayHttpServer;
import dev.tokenlb.gateway.http.HttpGuard;
import dev.tokenlb.gateway.http.WorkerThreads;
import dev.tokenlb.gateway.ops.GatewayMetrics;
import dev.tokenlb.gateway.ops.HealthReport;
import dev.tokenlb.gateway.ops.ModelsList;
import dev.tokenlb.gateway.ops.StatusReport;
import dev.tokenlb.gateway.relay.Deadlines;
import dev.tokenlb.gateway.relay.PrepareProxyRequest;
import dev.tokenlb.gateway.relay.RelayResponse;
import dev.tokenlb.gateway.relay.UpstreamCalls;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Wires the gateway into a {@link CamelContext} before it starts: the Vert.x instance and HTTP server that
 * platform-http uses, camel-http's pool and timeouts, the {@code tokenlb.*} placeholders, and the Java processors the
 * YAML routes refer to by name. Used by {@link GatewayMain} and by the tests, so both run the same gateway.
 */
public final class GatewaySetup {

    /** Name of the {@link TokenAwareLoadBalancer} bean, declared in {@code routes/gateway.yaml}. */
    public static final String BALANCER_BEAN = "tokenLb";
    /** Name of the {@link TokenCountingProcessor} bean, declared in {@code routes/gateway.yaml}. */
    public static final String COUNTER_BEAN = "tokenCounter";
    /** Where the gateway's YAML routes are. */
    public static final String ROUTES = "classpath:routes/*.yaml";

    private GatewaySetup() {
    }

    public static void install(CamelContext context, GatewayConfig config) throws Exception {
        checkModelSettings(config);
        context.getPropertiesComponent().setOverrideProperties(config.toProperties());

        WorkerThreads workers = WorkerThreads.start(vertxOptions(config), config.get("tokenlb.virtual-threads"));
        Vertx vertx = workers.vertx();
        context.getRegistry().bind("vertx", Vertx.class, vertx);
        context.addService(new VertxCloser(vertx)); // added first, so stopped after the server

        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost(config.host());
        http.setBindPort(config.port());
        http.setMaxBodySize(config.maxBodyBytes());
        List<String> apiKeys = list(config.get("tokenlb.api-keys"));
        ClientHangups hangups = new ClientHangups();
        HttpGuard.Limits limits = new HttpGuard.Limits(config.maxBodyBytes(), config.maxConcurrent(),
                config.getLong("tokenlb.request-body-timeout-ms"), apiKeys, context::isStopping, workers::busy);
        GatewayMetrics metrics = new GatewayMetrics();
        GatewayHttpServer server = new GatewayHttpServer(http, limits, hangups, metrics::replied);
        server.setVertx(vertx);
        // in the registry too: platform-http's engine finds the actual port through it (tokenlb.port=0 in tests)
        context.getRegistry().bind("tokenlbHttpServer", server);
        context.addService(server);

        configureHttpClient(context.getComponent("http", HttpComponent.class), config);
        configureHttpClient(context.getComponent("https", HttpComponent.class), config);

        Deadlines deadlines = new Deadlines(config.getLong("tokenlb.first-byte-timeout-ms"),
                config.getLong("tokenlb.idle-timeout-ms"), config.getLong("tokenlb.total-timeout-ms"));
        context.addService(deadlines);
        // on stop, routes first wait for open exchanges (streams included) up to the grace period
        // (in seconds, Camel's unit, which camel-main and test kits also set it in)
        context.getShutdownStrategy().setTimeout(Math.max(1, (config.getLong("tokenlb.shutdown-grace-ms") + 999) / 1000));

        long writeTimeout = config.getLong("tokenlb.client-write-timeout-ms");
        bind(context, "tokenLbPrepare", new PrepareProxyRequest(config.maxBodyBytes(), !apiKeys.isEmpty(), deadlines,
                hangups));
        bind(context, "tokenLbRelay", new RelayResponse(writeTimeout));
        bind(context, "tokenLbErrors", new ErrorReply());
        bind(context, "tokenLbStatus", exchange -> new StatusReport(balancer(context), counter(context)
                .getOutputEstimator(), metrics.models()).process(exchange));
        bind(context, "tokenLbModels", new ModelsList(list(config.get("tokenlb.models")),
                Backends.parse(config.backends()), () -> balancer(context).getModelCatalog(), context,
                !apiKeys.isEmpty()));
        bind(context, "tokenLbMetrics", exchange -> {
            exchange.getMessage().getHeaders().clear();
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            exchange.getMessage().setBody(metrics.scrape());
        });
        bind(context, "tokenLbReadiness", new HealthReport(true));
        bind(context, "tokenLbLiveness", new HealthReport(false));

        HealthCheckRegistry checks = HealthCheckRegistry.get(context);
        if (checks != null) {
            TokenLbHealthCheck check = new TokenLbHealthCheck();
            check.setCamelContext(context);
            checks.register(check);
        }
        // the balancer is a YAML bean, created when the routes load: bind its metrics once it exists, before
        // the routes take traffic
        context.addStartupListener((ctx, alreadyStarted) -> metrics.bind(balancer(ctx), counter(ctx),
                () -> server.guard() == null ? 0 : server.guard().inflight()));
    }

    /** Model routing's settings, checked before anything starts, so a bad one is reported under its own name. */
    static void checkModelSettings(GatewayConfig config) {
        Map<String, String> aliases = ModelIds.parseMap(config.get("tokenlb.model-aliases"), "tokenlb.model-aliases");
        for (Map.Entry<String, String> alias : aliases.entrySet()) {
            if (aliases.containsKey(alias.getValue())) {
                throw new IllegalArgumentException("tokenlb.model-aliases: '" + alias.getKey() + "' maps to '"
                                                   + alias.getValue() + "', itself an alias; name the served model");
            }
        }
        ModelIds.parseMap(config.get("tokenlb.model-fallbacks"), "tokenlb.model-fallbacks");
        if (config.getLong("tokenlb.models-refresh-ms") < 0) {
            throw new IllegalArgumentException("tokenlb.models-refresh-ms must be >= 0 (0: only at start), was "
                                               + config.get("tokenlb.models-refresh-ms"));
        }
        if (config.getLong("tokenlb.models-timeout-ms") <= 0) {
            throw new IllegalArgumentException("tokenlb.models-timeout-ms must be > 0, was "
                                               + config.get("tokenlb.models-timeout-ms"));
        }
        String path = config.get("tokenlb.models-path");
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("tokenlb.models-path must be empty or a path starting with /, was '"
                                               + path + "'");
        }
        if (!config.backends().isBlank()) {
            Backends.parseModels(config.backends()); // ;models= with no id fails here, naming the backend
        }
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated.isBlank() ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /**
     * Camel's Vert.x server only logs a failed listen and starts anyway; a gateway that cannot listen must not start.
     */
    public static void checkPortFree(GatewayConfig config) {
        if (config.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(config.host(), config.port()));
        } catch (IOException e) {
            System.err.println("camel-token-lb: cannot listen on " + config.host() + ":" + config.port() + ": "
                               + e.getMessage() + " (set tokenlb.port to a free port)");
            System.exit(2);
        }
    }

    /** The gateway's balancer, from the registry (declared in YAML). */
    public static TokenAwareLoadBalancer balancer(CamelContext context) {
        TokenAwareLoadBalancer lb = context.getRegistry().lookupByNameAndType(BALANCER_BEAN,
                TokenAwareLoadBalancer.class);
        if (lb == null) {
            throw new IllegalStateException("no bean '" + BALANCER_BEAN + "' of type TokenAwareLoadBalancer");
        }
        return lb;
    }

    /** The gateway's counting processor, from the registry (declared in YAML). */
    public static TokenCountingProcessor counter(CamelContext context) {
        TokenCountingProcessor counter = context.getRegistry().lookupByNameAndType(COUNTER_BEAN,
                TokenCountingProcessor.class);
        if (counter == null) {
            throw new IllegalStateException("no bean '" + COUNTER_BEAN + "' of type TokenCountingProcessor");
        }
        return counter;
    }

    private static void bind(CamelContext context, String name, Processor processor) {
        context.getRegistry().bind(name, Processor.class, processor);
    }

    static VertxOptions vertxOptions(GatewayConfig config) {
        VertxOptions options = new VertxOptions();
        // platform-http runs each exchange on a worker and holds it until the reply's last byte: one worker per
        // open request, plus room for /health and /tokenlb/status while the gateway is full
        options.setWorkerPoolSize(config.maxConcurrent() + 16);
        // a route lives as long as its stream; do not report a long generation as a blocked thread
        options.setMaxWorkerExecuteTime(config.getLong("tokenlb.total-timeout-ms") * 2);
        options.setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS);
        return options;
    }

    private static void configureHttpClient(HttpComponent http, GatewayConfig config) {
        int connections = config.maxConcurrent();
        http.setMaxTotalConnections(connections);
        http.setConnectionsPerRoute(connections);
        http.setConnectTimeout(config.getLong("tokenlb.connect-timeout-ms"));
        // Deadlines cuts late calls with a clear reason; the socket timeout is only a backstop behind it
        long backstop = Math.max(config.getLong("tokenlb.first-byte-timeout-ms"), config.getLong("tokenlb.idle-timeout-ms"))
                        + 5_000;
        http.setSoTimeout(backstop);
        http.setResponseTimeout(backstop);
        http.setConnectionRequestTimeout(config.getLong("tokenlb.connection-wait-ms"));
        http.setAutomaticRetriesDisabled(true); // never resend a POST behind the balancer's back
        http.setContentCompressionDisabled(true); // relay bytes as they come; a gzip stream would be buffered
        http.setFollowRedirects(false);
        // lets a client hang-up or a deadline cancel a call still waiting for the backend's headers
        http.setHttpClientConfigurer(builder -> builder.addExecInterceptorFirst("tokenlb-upstream-calls",
                new UpstreamCalls()));
    }

    /** Closes the gateway's Vert.x instance when the context stops. */
    private static final class VertxCloser extends ServiceSupport {
        private final Vertx vertx;

        VertxCloser(Vertx vertx) {
            this.vertx = vertx;
        }

        @Override
        protected void doStop() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
