package dev.tokenlb.examples.javadsl;

import dev.tokenlb.gateway.config.GatewayLauncher;
import org.apache.camel.main.Main;

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
        Main main = new Main();
        // camel-main would read application.properties from the routes jar, whose route pattern also loads the YAML
        // gateway; GatewayConfig reads the tokenlb.* settings itself, so skip that file
        main.setDefaultPropertyPlaceholderLocation("false");
        main.configure().setName("token-lb-java-dsl-gateway");
        main.configure().addRoutesBuilder(new JavaDslGatewayRoutes());
        // GatewayLauncher wires the Vert.x HTTP server, camel-http's pool, the tokenlb.* placeholders and the named
        // processors before the routes are configured, and starts simulated backends if none are configured
        GatewayLauncher.run(main, args, (config, embedded) -> System.out.println(
                "Java DSL gateway on http://" + config.host() + ":" + config.port() + " in front of "
                + config.backends()));
    }
}
