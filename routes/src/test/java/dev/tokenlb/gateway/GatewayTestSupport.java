package dev.tokenlb.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.gateway.config.GatewayConfig;
import dev.tokenlb.gateway.config.GatewayMain;
import dev.tokenlb.gateway.config.GatewaySetup;
import dev.tokenlb.gateway.http.ManagementServer;
import dev.tokenlb.ledger.TargetStats;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.sim.SimulatedLlmCluster;
import dev.tokenlb.sim.SimulatorConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the real gateway: the YAML routes from {@code routes/gateway.yaml}, wired by {@link GatewaySetup} exactly as
 * {@link GatewayMain} does, on an ephemeral loopback port, in front of simulated LLM backends on loopback. Tests talk
 * to it over real HTTP.
 */
abstract class GatewayTestSupport extends CamelTestSupport {

    protected SimulatedLlmCluster cluster;
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How many simulated backends to start; 2 by default. */
    protected int backendCount() {
        return 2;
    }

    /** A fast simulated cluster: tests should take seconds, not minutes. */
    protected SimulatorConfig simulatorConfig() {
        return SimulatorConfig.defaults().toBuilder().timeScale(0.2).build();
    }

    /** Settings on top of application.properties; tokenlb.port and tokenlb.backends are filled in. */
    protected Properties gatewaySettings() {
        return new Properties();
    }

    /** The backends setting; by default the simulated cluster's URLs. */
    protected String backends() {
        return String.join(",", cluster.baseUrls());
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        cluster = SimulatedLlmCluster.start(simulatorConfig(), backendCount());
        Properties settings = new Properties();
        settings.setProperty("tokenlb.port", "0");
        settings.setProperty("tokenlb.management-port", "0"); // an ephemeral management port: tests run side by side
        settings.setProperty("tokenlb.backends", backends());
        settings.putAll(gatewaySettings());
        GatewaySetup.install(context, GatewayConfig.load(settings));
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/gateway.yaml"));
        return context;
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    protected String baseUrl() {
        VertxPlatformHttpServer server = CamelContextHelper.findSingleByType(context, VertxPlatformHttpServer.class);
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The management port's base URL (operations endpoints); the public one when there is none. */
    protected String managementUrl() {
        ManagementServer management = GatewaySetup.managementServer(context);
        return management == null ? baseUrl() : "http://127.0.0.1:" + management.port();
    }

    /** GET an operations endpoint ({@code /metrics}, {@code /tokenlb/status}, {@code /health*}) where it is served. */
    protected HttpResponse<String> getOps(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(managementUrl() + path)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected TokenAwareLoadBalancer balancer() {
        return GatewaySetup.balancer(context);
    }

    protected TokenLedger ledger() {
        return balancer().getLedger();
    }

    protected long totalRequestsRouted() {
        return ledger().snapshot().stream().mapToLong(TargetStats::totalRequests).sum();
    }

    protected HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static String chat(String content, boolean stream, int maxTokens) {
        return "{\"model\":\"sim-model\",\"stream\":" + stream + ",\"max_tokens\":" + maxTokens
               + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    /**
     * Waits until every lease is released. The client may read the last byte a moment before the exchange completes,
     * so a test polls briefly instead of reading the ledger at once.
     */
    protected void awaitLedgerEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ledger().totalInflightTokens() == 0 && ledger().totalInflightRequests() == 0) {
                return;
            }
            Thread.sleep(10);
        }
        fail("ledger not back to 0: " + ledger().snapshot());
    }

    protected void assertNothingReserved(long routedBefore) {
        assertEquals(routedBefore, totalRequestsRouted(), "a rejected request must reserve nothing");
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
    }
}
