package dev.tokenlb.gateway.config;

import org.apache.camel.main.Main;

/**
 * Runs the gateway: {@code java -jar routes/target/token-lb-gateway.jar}. With no {@code tokenlb.backends}, first
 * starts {@code tokenlb.embedded-backends} simulated LLM backends on loopback, so the gateway can be tried at once.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        GatewayLauncher.run(new Main(), args, GatewayMain::printBanner);
    }

    private static void printBanner(GatewayConfig config, boolean embedded) {
        String url = "http://" + config.host() + ":" + config.port();
        System.out.println();
        System.out.println("camel-token-lb gateway listening on " + url + " (strategy " + config.get("tokenlb.strategy")
                           + ", backends " + (embedded ? "embedded simulated: " : "") + config.backends() + ")");
        System.out.println("Try a streamed chat completion:");
        System.out.println("  curl -N " + url + "/v1/chat/completions -H 'Content-Type: application/json' -d '"
                           + "{\"model\":\"sim-model\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                           + "\"content\":\"Tell me about load balancing\"}]}'");
        int ops = config.managementPort();
        String opsUrl = ops < 0 ? url : "http://" + config.managementHost() + ":" + (ops == 0 ? "<ephemeral>" : ops);
        System.out.println("Status: curl " + opsUrl + "/tokenlb/status   (metrics: " + opsUrl + "/metrics)");
        System.out.println("Sizing: " + config.concurrencyRule());
        System.out.println();
    }
}
