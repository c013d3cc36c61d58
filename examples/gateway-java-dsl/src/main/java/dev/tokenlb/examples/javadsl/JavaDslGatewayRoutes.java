package dev.tokenlb.examples.javadsl;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.TokenCountingProcessor;
import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.gateway.config.GatewaySetup;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.errorhandler.NoErrorHandlerDefinition;

/**
 * The gateway of {@code routes/gateway.yaml}, written in Java DSL: the same endpoints, beans and error handling, step
 * for step (route configurations included). {@code JavaDslGatewayDriftTest} compares Camel's model of both, so a
 * change to one that is not made to the other fails the build.
 * <p>
 * The {@code tokenlb.*} placeholders and the processors referred to by name ({@code tokenLbPrepare},
 * {@code tokenLbTenants}, {@code tokenLbRelay}, {@code tokenLbErrors}, {@code tokenLbStatus}, {@code tokenLbModels}) come from
 * {@link GatewaySetup#install}, which must run on the context before these routes are added. Like any
 * {@code RouteBuilder}, an instance is configured once, when its routes are added to a context.
 *
 * <pre>
 * GatewaySetup.install(context, GatewayConfig.load());
 * context.addRoutes(new JavaDslGatewayRoutes());
 * </pre>
 */
public class JavaDslGatewayRoutes extends RouteConfigurationBuilder {

    /** Turns any failure into an OpenAI-style JSON error with the right status; nothing stays reserved. */
    static final String ERRORS = "tokenlb-errors";
    /** For the proxy route: no error handling, so a failed attempt reaches the balancer (release, failover). */
    static final String BALANCED = "tokenlb-balanced";

    /** The backend the balancer chose, plus the API path the entry route set; the reply streams back. */
    static final String BACKEND_CALL = "${exchangeProperty." + TokenLbConstants.BACKEND_URL + "}"
                                       + "${exchangeProperty.TokenLbGatewayApiPath}"
                                       + "?bridgeEndpoint=true&throwExceptionOnFailure=false"
                                       + "&disableStreamCache=true&copyHeaders=false";

    @Override
    public void configuration() throws Exception {
        // Any failure becomes an OpenAI-style JSON error with the right status; nothing stays reserved.
        routeConfiguration(ERRORS).onException(Exception.class).handled(true).process("tokenLbErrors");
        // The proxy route handles no errors itself: a failed attempt must reach the balancer (which releases its
        // tokens at once and may fail over), then the caller's tokenlb-errors configuration turns it into the reply.
        // the model definition itself rather than noErrorHandler(), whose builder subclass Camel's dumpers cannot
        // write: the same handler, and a model the drift test can compare with the YAML's
        routeConfiguration(BALANCED).errorHandler(new NoErrorHandlerDefinition());
    }

    @Override
    public void configure() throws Exception {
        TokenAwareLoadBalancer balancer = new TokenAwareLoadBalancer();
        balancer.setStrategy(propertyInject("tokenlb.strategy", String.class));
        balancer.setBackends(propertyInject("tokenlb.backends", String.class));
        balancer.setMaxAttempts(propertyInject("tokenlb.max-attempts", Integer.class));
        balancer.setMaxInflightTokens(propertyInject("tokenlb.max-inflight-tokens", Long.class));
        balancer.setFailoverExceptions(propertyInject("tokenlb.failover-exceptions", String.class));
        balancer.setLearnSpeed(propertyInject("tokenlb.learn-speed", Boolean.class));
        balancer.setDecay(propertyInject("tokenlb.decay", Boolean.class));
        balancer.setFailoverStatuses(propertyInject("tokenlb.failover-statuses", String.class));
        balancer.setEjectAfter(propertyInject("tokenlb.eject-after", Integer.class));
        balancer.setEjectMillis(propertyInject("tokenlb.eject-ms", Long.class));
        balancer.setMaxEjectMillis(propertyInject("tokenlb.max-eject-ms", Long.class));
        balancer.setProbePath(propertyInject("tokenlb.probe-path", String.class));
        balancer.setProbeIntervalMillis(propertyInject("tokenlb.probe-interval-ms", Long.class));
        balancer.setProbeTimeoutMillis(propertyInject("tokenlb.probe-timeout-ms", Long.class));
        balancer.setExplain(propertyInject("tokenlb.explain", Boolean.class));
        balancer.setEngineMetrics(propertyInject("tokenlb.engine-metrics", String.class));
        balancer.setEngineMetricsIntervalMillis(propertyInject("tokenlb.engine-metrics-interval-ms", Long.class));
        balancer.setEngineMetricsTimeoutMillis(propertyInject("tokenlb.engine-metrics-timeout-ms", Long.class));
        balancer.setPrefixCacheTokens(propertyInject("tokenlb.prefix-cache-tokens", Long.class));
        balancer.setFirstTokenWeight(propertyInject("tokenlb.first-token-weight", Double.class));
        balancer.setModelsPath(propertyInject("tokenlb.models-path", String.class));
        balancer.setModelsRefreshMillis(propertyInject("tokenlb.models-refresh-ms", Long.class));
        balancer.setModelsTimeoutMillis(propertyInject("tokenlb.models-timeout-ms", Long.class));
        balancer.setDefaultModel(propertyInject("tokenlb.default-model", String.class));
        balancer.setModelAliases(propertyInject("tokenlb.model-aliases", String.class));
        balancer.setModelFallbacks(propertyInject("tokenlb.model-fallbacks", String.class));
        balancer.setLedger(propertyInject("tokenlb.ledger", String.class));
        balancer.setLedgerPasswordEnv(propertyInject("tokenlb.ledger-password-env", String.class));
        balancer.setLedgerKeyPrefix(propertyInject("tokenlb.ledger-key-prefix", String.class));
        balancer.setLedgerTtlMillis(propertyInject("tokenlb.ledger-ttl-ms", Long.class));
        balancer.setLedgerTimeoutMillis(propertyInject("tokenlb.ledger-timeout-ms", Long.class));
        balancer.setLedgerSyncMillis(propertyInject("tokenlb.ledger-sync-ms", Long.class));

        TokenCountingProcessor counter = new TokenCountingProcessor();
        counter.setEncoding(propertyInject("tokenlb.encoding", String.class));
        counter.setCountCacheEntries(propertyInject("tokenlb.count-cache-entries", Integer.class));
        counter.setDefaultOutputTokens(propertyInject("tokenlb.default-output-tokens", Integer.class));
        counter.setMaxOutputTokens(propertyInject("tokenlb.max-output-tokens", Integer.class));
        counter.setOutputEstimate(propertyInject("tokenlb.output-estimate", String.class));
        counter.setSessionKey(propertyInject("tokenlb.session-key", String.class));

        // the routes and GET /tokenlb/status look both up by these names
        bindToRegistry(GatewaySetup.BALANCER_BEAN, balancer);
        bindToRegistry(GatewaySetup.COUNTER_BEAN, counter);

        api("tokenlb-chat-completions", "/v1/chat/completions", "chat");
        api("tokenlb-completions", "/v1/completions", "completions");
        api("tokenlb-embeddings", "/v1/embeddings", "embeddings");
        api("tokenlb-responses", "/v1/responses", "responses");

        // The shared proxy: one loadBalance, so one ledger counts every API's requests per backend.
        from("direct:tokenlb-proxy").routeId("tokenlb-proxy")
                .streamCache(false) // a cached body would buffer the whole streamed reply
                .routeConfigurationId(BALANCED)
                .process("tokenLbPrepare")
                .process(GatewaySetup.COUNTER_BEAN)
                .process("tokenLbTenants") // per-key limits: before the balancer, so a refusal reserves nothing
                .loadBalance().custom(GatewaySetup.BALANCER_BEAN)
                    .toD(BACKEND_CALL)
                .end()
                .process("tokenLbRelay");

        read("tokenlb-models", "/v1/models", "tokenLbModels");
        read("tokenlb-model", "/v1/models/{id}", "tokenLbModels");

        // Readiness: DOWN (503) while no backend is usable; liveness: UP while the gateway serves at all.
        read("tokenlb-health", "/health", "tokenLbReadiness");
        read("tokenlb-health-ready", "/health/ready", "tokenLbReadiness");
        read("tokenlb-health-live", "/health/live", "tokenLbLiveness");
        // Prometheus text: per backend in-flight tokens and requests, attempts by outcome, failovers, ejections.
        read("tokenlb-metrics", "/metrics", "tokenLbMetrics");
        read("tokenlb-status", "/tokenlb/status", "tokenLbStatus");
    }

    /** A read-only endpoint answered by one processor of {@code GatewaySetup}. */
    private void read(String routeId, String path, String processor) {
        from("platform-http:" + path + "?httpMethodRestrict=GET").routeId(routeId)
                .routeConfigurationId(ERRORS)
                .process(processor);
    }

    /** An OpenAI endpoint: says which API shape to count and which path to call, then goes through the proxy. */
    private void api(String routeId, String path, String shape) {
        from("platform-http:" + path + "?httpMethodRestrict=POST").routeId(routeId)
                .streamCache(false)
                .routeConfigurationId(ERRORS)
                .setProperty(TokenLbConstants.API_SHAPE, constant(shape))
                .setProperty("TokenLbGatewayApiPath", constant(path))
                .to("direct:tokenlb-proxy");
    }
}
