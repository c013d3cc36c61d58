package dev.tokenlb.examples.javadsl;

import dev.tokenlb.gateway.GatewayConfig;
import dev.tokenlb.gateway.GatewaySetup;
import dev.tokenlb.sim.SimulatedLlmCluster;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Runs the Java DSL gateway ({@link JavaDslGatewayRoutes}) with camel-main:
 * {@code mvn -pl examples/gateway-java-dsl exec:java}. Settings are the {@code tokenlb.*} keys of the routes module's
 * {@code application.properties}, overridden by {@code -Dtokenlb.port=9000} or {@code TOKENLB_PORT=9000}. With no
 * {@code tokenlb.backends}, it first starts {@code tokenlb.embedded-backends} simulated LLM backends on loopback.
 */
public final class JavaDslGatewayMain {

    private JavaDslGatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig loaded = GatewayConfig.load();
        GatewaySetup.checkPortFree(loaded);
        SimulatedLlmCluster simulated = null;
        if (loaded.backends().isBlank()) {
            simulated = SimulatedLlmCluster.start(loaded.getInt("tokenlb.embedded-backends"));
            loaded = loaded.with("tokenlb.backends", String.join(",", simulated.baseUrls()));
        }
        GatewayConfig config = loaded;

        Main main = new Main();
        // camel-main would read application.properties from the routes jar, whose route pattern also loads the YAML
        // gateway; GatewayConfig has read the tokenlb.* settings already, so skip that file
        main.setDefaultPropertyPlaceholderLocation("false");
        main.configure().setName("token-lb-java-dsl-gateway");
        main.configure().addRoutesBuilder(new JavaDslGatewayRoutes());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                try {
                    // the Vert.x HTTP server, camel-http's pool, the tokenlb.* placeholders and the named processors
                    GatewaySetup.install(m.getCamelContext(), config);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot set up the gateway: " + e.getMessage(), e);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                System.out.println("Java DSL gateway on http://" + config.host() + ":" + config.port()
                                   + " in front of " + config.backends());
            }
        });
        try {
            main.run(args);
        } finally {
            if (simulated != null) {
                simulated.close();
            }
        }
    }
}
