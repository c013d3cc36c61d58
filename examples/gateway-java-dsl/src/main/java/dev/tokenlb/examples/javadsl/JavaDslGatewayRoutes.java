package dev.tokenlb.examples.javadsl;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.TokenCountingProcessor;
import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.gateway.config.GatewaySetup;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The gateway of {@code routes/gateway.yaml}, written in Java DSL: the same endpoints, beans and error handling.
 * <p>
 * The {@code tokenlb.*} placeholders and the processors referred to by name ({@code tokenLbPrepare},
 * {@code tokenLbRelay}, {@code tokenLbErrors}, {@code tokenLbStatus}, {@code tokenLbModels}) come from
 * {@link GatewaySetup#install}, which must run on the context before these routes are added. Like any
 * {@code RouteBuilder}, an instance is configured once, when its routes are added to a context.
 *
 * <pre>
 * GatewaySetup.install(context, GatewayConfig.load());
 * context.addRoutes(new JavaDslGatewayRoutes());
 * </pre>
 */
public class JavaDslGatewayRoutes extends RouteBuilder {

    /** The backend the balancer chose, plus the API path the entry route set; the reply streams back. */
    static final String BACKEND_CALL = "${exchangeProperty." + TokenLbConstants.BACKEND_URL + "}"
                                       + "${exchangeProperty.TokenLbGatewayApiPath}"
                                       + "?bridgeEndpoint=true&throwExceptionOnFailure=false"
                                       + "&disableStreamCache=true&copyHeaders=false";

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

        TokenCountingProcessor counter = new TokenCountingProcessor();
        counter.setEncoding(propertyInject("tokenlb.encoding", String.class));
        counter.setCountCacheEntries(propertyInject("tokenlb.count-cache-entries", Integer.class));
        counter.setDefaultOutputTokens(propertyInject("tokenlb.default-output-tokens", Integer.class));
        counter.setMaxOutputTokens(propertyInject("tokenlb.max-output-tokens", Integer.class));
        counter.setOutputEstimate(propertyInject("tokenlb.output-estimate", String.class));

        // GET /tokenlb/status looks both up by these names
        bindToRegistry(GatewaySetup.BALANCER_BEAN, balancer);
        bindToRegistry(GatewaySetup.COUNTER_BEAN, counter);

        // Every route of this builder turns a failure into an OpenAI-style JSON error; nothing stays reserved.
        onException(Exception.class).handled(true).process("tokenLbErrors");

        api("tokenlb-chat-completions", "/v1/chat/completions", "chat");
        api("tokenlb-completions", "/v1/completions", "completions");
        api("tokenlb-embeddings", "/v1/embeddings", "embeddings");
        api("tokenlb-responses", "/v1/responses", "responses");

        // The shared proxy: one loadBalance, so one ledger counts every API's requests per backend.
        from("direct:tokenlb-proxy").routeId("tokenlb-proxy")
                // no error handler here (so the onException above does not run inside an attempt): a failed attempt
                // reaches the balancer, which releases its tokens and may fail over; the caller's onException replies
                .errorHandler(noErrorHandler())
                .streamCache(false) // a cached body would buffer the whole streamed reply
                .process("tokenLbPrepare")
                .process(counter)
                .loadBalance(balancer)
                    .toD(BACKEND_CALL)
                .end()
                .process("tokenLbRelay");

        from("platform-http:/v1/models?httpMethodRestrict=GET").routeId("tokenlb-models")
                .process("tokenLbModels");
        from("platform-http:/v1/models/{id}?httpMethodRestrict=GET").routeId("tokenlb-model")
                .process("tokenLbModels");

        from("platform-http:/health?httpMethodRestrict=GET").routeId("tokenlb-health")
                .process("tokenLbReadiness");
        from("platform-http:/health/ready?httpMethodRestrict=GET").routeId("tokenlb-health-ready")
                .process("tokenLbReadiness");
        from("platform-http:/health/live?httpMethodRestrict=GET").routeId("tokenlb-health-live")
                .process("tokenLbLiveness");
        from("platform-http:/metrics?httpMethodRestrict=GET").routeId("tokenlb-metrics")
                .process("tokenLbMetrics");

        from("platform-http:/tokenlb/status?httpMethodRestrict=GET").routeId("tokenlb-status")
                .process("tokenLbStatus");
    }

    /** An OpenAI endpoint: says which API shape to count and which path to call, then goes through the proxy. */
    private void api(String routeId, String path, String shape) {
        from("platform-http:" + path + "?httpMethodRestrict=POST").routeId(routeId)
                .streamCache(false)
                .setProperty(TokenLbConstants.API_SHAPE, constant(shape))
                .setProperty("TokenLbGatewayApiPath", constant(path))
                .to("direct:tokenlb-proxy");
    }
}
