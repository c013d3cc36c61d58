package dev.tokenlb.gateway;

import dev.tokenlb.sim.SimulatedLlmCluster;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Runs the gateway: {@code java -jar routes/target/token-lb-gateway.jar}. With no {@code tokenlb.backends}, first
 * starts {@code tokenlb.embedded-backends} simulated LLM backends on loopback, so the gateway can be tried at once.
 */
public final class GatewayMain {

    private GatewayMain() {
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
        boolean embedded = simulated != null;

        Main main = new Main();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                try {
                    GatewaySetup.install(m.getCamelContext(), config);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot set up the gateway: " + e.getMessage(), e);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                printBanner(m.getCamelContext(), config, embedded);
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

    private static void printBanner(CamelContext context, GatewayConfig config, boolean embedded) {
        String url = "http://" + config.host() + ":" + config.port();
        System.out.println();
        System.out.println("camel-token-lb gateway listening on " + url + " (strategy " + config.get("tokenlb.strategy")
                           + ", backends " + (embedded ? "embedded simulated: " : "") + config.backends() + ")");
        System.out.println("Try a streamed chat completion:");
        System.out.println("  curl -N " + url + "/v1/chat/completions -H 'Content-Type: application/json' -d '"
                           + "{\"model\":\"sim-model\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                           + "\"content\":\"Tell me about load balancing\"}]}'");
        System.out.println("Status: curl " + url + "/tokenlb/status");
        System.out.println();
    }
}
