package dev.tokenlb.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.tokenlb.TokenCountingProcessor;
import dev.tokenlb.cost.OutputEstimator;
import dev.tokenlb.gateway.config.GatewayConfig;
import dev.tokenlb.gateway.config.GatewaySetup;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.PluginHelper;

/**
 * One fresh gateway: a {@link CamelContext} wired by {@link GatewaySetup} exactly as {@code GatewayMain} wires it, with
 * the real {@code routes/gateway.yaml}, listening on an ephemeral loopback port in front of the given backends.
 * Not thread-safe: start, use, close.
 *
 * <pre>
 * try (GatewayRunner gateway = GatewayRunner.start(cluster.baseUrls(), Map.of("tokenlb.strategy", "tokens"), null)) {
 *     send to gateway.target() ...
 * }
 * </pre>
 */
final class GatewayRunner implements AutoCloseable {

    /** The {@link TokenCountingProcessor} bean declared in the YAML routes. */
    static final String COUNTER_BEAN = "tokenCounter";

    private final CamelContext context;
    private final Router.Target target;

    private GatewayRunner(CamelContext context, Router.Target target) {
        this.context = context;
        this.target = target;
    }

    /**
     * @param backendUrls the backends, in order: backend 0 is the one round robin starts at
     * @param settings    {@code tokenlb.*} settings on top of {@code application.properties}
     * @param estimator   an output estimator for the {@code tokenCounter} bean (the oracle), or null for the
     *                    configured one
     */
    static GatewayRunner start(List<String> backendUrls, Map<String, String> settings, OutputEstimator estimator)
            throws Exception {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.setProperty("tokenlb.host", "127.0.0.1");
        properties.setProperty("tokenlb.port", "0");
        properties.putIfAbsent("tokenlb.management-port", "-1"); // operations beside traffic: nothing else binds
        properties.setProperty("tokenlb.backends", String.join(",", backendUrls));

        DefaultCamelContext context = new DefaultCamelContext();
        try {
            context.getShutdownStrategy().setTimeout(5); // open streams are cut off by then anyway
            context.getShutdownStrategy().setShutdownNowOnTimeout(true);
            context.getShutdownStrategy().setLogInflightExchangesOnTimeout(false);
            GatewaySetup.install(context, GatewayConfig.load(properties));
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/gateway.yaml"));
            if (estimator != null) {
                // after the YAML bound the bean, before it starts: its doInit keeps an estimator set beforehand
                TokenCountingProcessor counter = context.getRegistry().lookupByNameAndType(COUNTER_BEAN,
                        TokenCountingProcessor.class);
                if (counter == null) {
                    throw new IllegalStateException("no bean '" + COUNTER_BEAN + "' in the gateway's routes");
                }
                counter.setOutputEstimator(estimator);
            }
            context.start();
            int port = CamelContextHelper.findSingleByType(context, VertxPlatformHttpServer.class).getPort();
            return new GatewayRunner(context, new Router.Target("127.0.0.1", port, 0));
        } catch (Exception | Error e) {
            context.close();
            throw e;
        }
    }

    /** The gateway's address. */
    Router.Target target() {
        return target;
    }

    CamelContext context() {
        return context;
    }

    @Override
    public void close() throws Exception {
        context.close();
    }
}
