package dev.tokenlb.gateway.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.balance.Backends;
import dev.tokenlb.TenantLimitProcessor;
import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.TokenCountingProcessor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import dev.tokenlb.camel.TokenLbHealthCheck;
import dev.tokenlb.gateway.errors.ErrorReply;
import dev.tokenlb.gateway.http.ApiKeys;
import dev.tokenlb.gateway.http.ClientHangups;
import dev.tokenlb.gateway.http.GatewayHttpServer;
import dev.tokenlb.gateway.http.HttpGuard;
import dev.tokenlb.gateway.http.ManagementServer;
import dev.tokenlb.gateway.http.OperationsAccess;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the gateway into a {@link CamelContext} before it starts: the Vert.x instance and HTTP server that
 * platform-http uses, camel-http's pool and timeouts, the {@code tokenlb.*} placeholders, and the Java processors the
 * YAML routes refer to by name. Used by {@link GatewayMain} and by the tests, so both run the same gateway.
 */
public final class GatewaySetup {

    private static final Logger LOG = LoggerFactory.getLogger(GatewaySetup.class);

    /** Name of the {@link TokenAwareLoadBalancer} bean, declared in {@code routes/gateway.yaml}. */
    public static final String BALANCER_BEAN = "tokenLb";
    /** Name of the {@link TokenCountingProcessor} bean, declared in {@code routes/gateway.yaml}. */
    public static final String COUNTER_BEAN = "tokenCounter";
    /** Name of the {@link ManagementServer} in the registry (absent with {@code tokenlb.management-port=-1}). */
    public static final String MANAGEMENT_SERVER = "tokenlbManagementServer";
    /** Where the gateway's YAML routes are. */
    public static final String ROUTES = "classpath:routes/*.yaml";

    private GatewaySetup() {
    }

    public static void install(CamelContext context, GatewayConfig config) throws Exception {
        ModelConfig.check(config);
        LedgerConfig.check(config);
        TenantLimitProcessor tenants = tenants(context, config); // before anything starts: a bad file stops here
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
        boolean gatewayKeys = !apiKeys.isEmpty() || tenants != null;
        ClientHangups hangups = new ClientHangups();
        HttpGuard.Limits limits = new HttpGuard.Limits(config.maxBodyBytes(), config.maxConcurrent(),
                config.getLong("tokenlb.request-body-timeout-ms"), apiKeys, context::isStopping, workers::busy,
                tenants == null ? null : tenants::knows);
        GatewayMetrics metrics = new GatewayMetrics();
        if (tenants != null) {
            metrics.bindTenants(tenants::usage);
        }
        int managementPort = config.managementPort();
        ManagementServer management = managementPort < 0 ? null
                : new ManagementServer(vertx, config.managementHost(), managementPort);
        OperationsAccess operations = new OperationsAccess(new ApiKeys(apiKeys), management,
                !isLoopback(config.managementHost()));
        GatewayHttpServer server = new GatewayHttpServer(http, limits, hangups, metrics::replied, operations);
        server.setVertx(vertx);
        // in the registry too: platform-http's engine finds the actual port through it (tokenlb.port=0 in tests)
        context.getRegistry().bind("tokenlbHttpServer", server);
        context.addService(server);
        if (management != null) {
            management.forwardTo(server);
            // not a VertxPlatformHttpServer: platform-http's engine must keep finding exactly one, the public one
            context.getRegistry().bind(MANAGEMENT_SERVER, ManagementServer.class, management);
            context.addService(management); // after the public server: started after it, stopped before it
        }
        LOG.info("camel-token-lb: {}; operations endpoints {}", config.concurrencyRule(), management != null
                ? "on the management port " + config.managementHost() + ":" + managementPort
                : "on the public port" + (apiKeys.isEmpty() ? "" : ", with an API key"));

        configureHttpClient(context.getComponent("http", HttpComponent.class), config);
        configureHttpClient(context.getComponent("https", HttpComponent.class), config);

        Deadlines deadlines = new Deadlines(config.getLong("tokenlb.first-byte-timeout-ms"),
                config.getLong("tokenlb.idle-timeout-ms"), config.getLong("tokenlb.total-timeout-ms"));
        context.addService(deadlines);
        // on stop, routes first wait for open exchanges (streams included) up to the grace period
        // (in seconds, Camel's unit, which camel-main and test kits also set it in)
        context.getShutdownStrategy().setTimeout(Math.max(1, (config.getLong("tokenlb.shutdown-grace-ms") + 999) / 1000));

        long writeTimeout = config.getLong("tokenlb.client-write-timeout-ms");
        bind(context, "tokenLbPrepare", new PrepareProxyRequest(config.maxBodyBytes(), gatewayKeys, deadlines,
                hangups));
        // without tenants a step that does nothing, so the routes are the same either way
        bind(context, "tokenLbTenants", tenants != null ? tenants : exchange -> { });
        bind(context, "tokenLbRelay", new RelayResponse(writeTimeout));
        bind(context, "tokenLbErrors", new ErrorReply());
        bind(context, "tokenLbStatus", exchange -> new StatusReport(balancer(context), counter(context)
                .getOutputEstimator(), tenants == null ? null : tenants::usage, metrics.models()).process(exchange));
        bind(context, "tokenLbModels", new ModelsList(list(config.get("tokenlb.models")),
                Backends.parse(config.backends()), () -> balancer(context).getModelCatalog(), context,
                gatewayKeys));
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

    /**
     * The tenant limits of {@code tokenlb.tenants}, read now (a bad file fails the start, naming the setting and the
     * line), or null when the setting is empty. Keys the guard let through that no tenant holds are
     * {@code tokenlb.api-keys} keys: they pass without limits.
     */
    static TenantLimitProcessor tenants(CamelContext context, GatewayConfig config) throws Exception {
        String path = config.get("tokenlb.tenants");
        if (path.isBlank()) {
            return null;
        }
        long reload = config.getLong("tokenlb.tenants-reload-ms");
        if (reload < 0) {
            throw new IllegalArgumentException("tokenlb.tenants-reload-ms must be >= 0 (0: never re-read), was "
                                               + reload);
        }
        TenantLimitProcessor tenants = new TenantLimitProcessor();
        tenants.setTenantsPath(path);
        tenants.setSetting("tokenlb.tenants");
        tenants.setReloadMillis(reload);
        tenants.setAllowUnknownKeys(true);
        tenants.start();
        context.addService(tenants); // stopped with the context (its reload timer too)
        return tenants;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** The management server, or null when operations are on the public port. */
    public static ManagementServer managementServer(CamelContext context) {
        return context.getRegistry().lookupByNameAndType(MANAGEMENT_SERVER, ManagementServer.class);
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated.isBlank() ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /**
     * Camel's Vert.x server only logs a failed listen and starts anyway; a gateway that cannot listen must not start.
     */
    public static void checkPortFree(GatewayConfig config) {
        checkPortFree(config.host(), config.port(), "tokenlb.port");
        checkPortFree(config.managementHost(), config.managementPort(), "tokenlb.management-port");
    }

    private static void checkPortFree(String host, int port, String setting) {
        if (port <= 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            System.err.println("camel-token-lb: cannot listen on " + host + ":" + port + ": " + e.getMessage()
                               + " (set " + setting + " to a free port)");
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
