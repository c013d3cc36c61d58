package dev.tokenlb.examples.javadsl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.gateway.config.GatewayConfig;
import dev.tokenlb.gateway.config.GatewaySetup;
import dev.tokenlb.ledger.TargetStats;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.sim.SimulatedLlmCluster;
import dev.tokenlb.sim.SimulatorConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Java DSL gateway, wired by {@link GatewaySetup} as {@link JavaDslGatewayMain} does, on an ephemeral loopback
 * port in front of two simulated LLM backends; tests talk to it over real HTTP.
 */
class JavaDslGatewayTest extends CamelTestSupport {

    private SimulatedLlmCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        cluster = SimulatedLlmCluster.start(SimulatorConfig.defaults().toBuilder().timeScale(0.2).build(), 2);
        Properties settings = new Properties();
        settings.setProperty("tokenlb.port", "0");
        settings.setProperty("tokenlb.management-port", "0"); // operations on an ephemeral loopback port
        settings.setProperty("tokenlb.backends", String.join(",", cluster.baseUrls()));
        settings.setProperty("tokenlb.max-attempts", "2");
        GatewaySetup.install(context, GatewayConfig.load(settings));
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new JavaDslGatewayRoutes();
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void healthAnswersUp() throws Exception {
        HttpResponse<String> r = getOps("/health");
        assertEquals(200, r.statusCode());
        assertEquals("UP", json(r.body()).getString("status"));
    }

    @Test
    void chatCompletionIsProxiedAndItsTokensAreReleased() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat(false));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("chat.completion", json(r.body()).getString("object"));
        awaitLedgerEmpty();
        assertEquals(1, totalRequestsRouted());
    }

    @Test
    void streamedChatCompletionArrivesAsServerSentEventsEndingWithDone() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat(true));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> events = r.body().lines().filter(l -> l.startsWith("data: ")).toList();
        assertTrue(events.size() > 2, r.body());
        assertEquals("chat.completion.chunk", json(events.get(0).substring(6)).getString("object"));
        assertEquals("data: [DONE]", events.get(events.size() - 1));
        awaitLedgerEmpty();
    }

    @Test
    void statusListsBothBackendsWithNothingInFlightAfterARequest() throws Exception {
        post("/v1/chat/completions", chat(false));
        awaitLedgerEmpty();
        HttpResponse<String> r = getOps("/tokenlb/status");
        assertEquals(200, r.statusCode());
        JsonObject status = json(r.body());
        assertEquals("latency", status.getString("strategy"));
        JsonArray backends = (JsonArray) status.get("backends");
        assertEquals(2, backends.size());
        long requests = 0;
        for (Object o : backends) {
            JsonObject b = (JsonObject) o;
            assertEquals(0L, ((Number) b.get("inflightTokens")).longValue());
            requests += ((Number) b.get("totalRequests")).longValue();
        }
        assertEquals(1, requests);
    }

    /** The error-handling split at work: the proxy route lets the failure reach the balancer, which tries again. */
    @Test
    void failsOverToTheOtherBackendWhenOneRefusesConnections() throws Exception {
        cluster.backend(0).stop();
        for (int i = 0; i < 4; i++) { // idle backends tie, so some of these are sent to the stopped one first
            HttpResponse<String> r = post("/v1/chat/completions", chat(false));
            assertEquals(200, r.statusCode(), r.body());
        }
        awaitLedgerEmpty();
        // the simulator counts a reply completed once its write finished, which may be just after the client read it
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (cluster.backend(1).stats().completed() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(4, cluster.backend(1).stats().completed());
        assertTrue(totalRequestsRouted() > 4, "some requests were tried on the stopped backend first");
    }

    /** The callers' onException at work: a bad request gets an OpenAI-style error and reserves nothing. */
    @Test
    void invalidRequestGetsAnOpenAiStyleBadRequest() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"sim-model\",\"messages\":42}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r.body()).get("error") instanceof JsonObject, r.body());
        assertEquals(0, totalRequestsRouted());
    }

    private static String chat(boolean stream) {
        return "{\"model\":\"sim-model\",\"stream\":" + stream + ",\"max_tokens\":12,"
               + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about load balancing\"}]}";
    }

    private static JsonObject json(String text) throws Exception {
        return (JsonObject) Jsoner.deserialize(text);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + CamelContextHelper.findSingleByType(context, VertxPlatformHttpServer.class).getPort();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET an operations endpoint, on the management port. */
    private HttpResponse<String> getOps(String path) throws IOException, InterruptedException {
        String url = "http://127.0.0.1:" + GatewaySetup.managementServer(context).port() + path;
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private TokenLedger ledger() {
        TokenAwareLoadBalancer balancer = GatewaySetup.balancer(context);
        return balancer.getLedger();
    }

    private long totalRequestsRouted() {
        return ledger().snapshot().stream().mapToLong(TargetStats::totalRequests).sum();
    }

    /** The client may read the last byte a moment before the exchange completes and releases its tokens. */
    private void awaitLedgerEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ledger().totalInflightTokens() == 0 && ledger().totalInflightRequests() == 0) {
                return;
            }
            Thread.sleep(10);
        }
        fail("ledger not back to 0: " + ledger().snapshot());
    }
}
