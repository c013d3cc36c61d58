package dev.tokenlb.example.springboot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.ledger.TargetStats;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.sim.OutputLengthModel;
import dev.tokenlb.sim.SimulatedLlmCluster;
import dev.tokenlb.sim.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts the example application as {@code java -jar} would (its own application.properties, routes and beans) on a
 * free loopback port, in front of simulated backends on loopback; one application per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayAppSupport {

    protected SimulatedLlmCluster cluster;
    protected ConfigurableApplicationContext app;
    protected final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Every request generates exactly its max_tokens (no random natural length), at about 8 ms a token: 200 tokens
     * take about 1.6 s.
     */
    protected SimulatorConfig simulatorConfig() {
        return SimulatorConfig.defaults().toBuilder().timeScale(0.5)
                .outputLengths(new OutputLengthModel(2000, 0, 1, 2000, 0)).build();
    }

    /** The tokenlb.backends setting; by default the simulated backends. */
    protected String backends() {
        return String.join(",", cluster.baseUrls());
    }

    /** Settings on top of the application's own, as command-line arguments. */
    protected List<String> extraArgs() {
        return List.of();
    }

    @BeforeAll
    void startGateway() {
        cluster = SimulatedLlmCluster.start(simulatorConfig(), 2);
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--tokenlb.backends=" + backends(), "--spring.main.banner-mode=off"));
        args.addAll(extraArgs());
        app = SpringApplication.run(TokenLbGatewayApplication.class, args.toArray(String[]::new));
    }

    @AfterAll
    void stopGateway() {
        if (app != null) {
            app.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    protected TokenAwareLoadBalancer balancer() {
        return app.getBean("tokenLb", TokenAwareLoadBalancer.class);
    }

    protected TokenLedger ledger() {
        return balancer().getLedger();
    }

    protected long totalRequestsRouted() {
        return ledger().snapshot().stream().mapToLong(TargetStats::totalRequests).sum();
    }

    protected HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
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
