package dev.tokenlb.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The latency strategy reads the simulated engines' vLLM metrics: load that another client puts straight on a backend
 * shows in the decisions, in the status and on /metrics, and the ledger ends at 0.
 */
@Timeout(90)
class EngineAwareGatewayTest extends GatewayTestSupport {

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.strategy", "latency");
        p.setProperty("tokenlb.engine-metrics-interval-ms", "100");
        p.setProperty("tokenlb.explain", "true");
        return p;
    }

    @Test
    void loadFromAnotherClientKeepsNewRequestsOffThatBackend() throws Exception {
        // another client, bypassing the gateway, opens 12 long streams on backend 2
        List<CompletableFuture<HttpResponse<Void>>> foreign = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(cluster.baseUrls().get(1) + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("a long story " + k, true, 3000))).build();
            foreign.add(http.sendAsync(r, HttpResponse.BodyHandlers.discarding()));
        }
        awaitTrue(() -> balancer().getBalancer().foreignRequests(1) >= 8, Duration.ofSeconds(10),
                () -> "foreign load not seen: " + balancer().getBalancer().foreignRequests(1));
        for (int k = 0; k < 6; k++) {
            HttpResponse<String> reply = post("/v1/chat/completions", chat("short question " + k, false, 20));
            assertEquals(200, reply.statusCode(), reply.body());
            assertEquals("backend-1", ReleasePathsTest.backendOf(reply),
                    reply.headers().firstValue("x-tokenlb-decision").orElse(""));
            assertTrue(reply.headers().firstValue("x-tokenlb-decision").orElse("").contains("foreign="));
        }
        String status = getOps("/tokenlb/status").body();
        assertTrue(status.contains("\"engine\":{") && status.contains("\"state\":\"ok\""), status);
        assertTrue(status.contains("\"calibration\":{"), status);
        String metrics = getOps("/metrics").body();
        assertTrue(metrics.contains("tokenlb_engine_scrape_age_seconds{backend=\"backend-2\"}"), metrics);
        assertTrue(metrics.contains("tokenlb_engine_foreign_requests{backend=\"backend-2\"}"), metrics);
        foreign.forEach(f -> f.cancel(true));
        awaitLedgerEmpty();
    }

    @Test
    void aBackendWithoutMetricsIsBalancedAsBefore() throws Exception {
        cluster.backend(0).setMetricsEnabled(false);
        for (int k = 0; k < 8; k++) {
            assertEquals(200, post("/v1/chat/completions", chat("q" + k, false, 10)).statusCode());
        }
        awaitTrue(() -> balancer().getBalancer().engineScraper().state(0).name().equals("NO_METRICS"),
                Duration.ofSeconds(10), () -> "state " + balancer().getBalancer().engineScraper().state(0));
        assertEquals(0, balancer().getBalancer().foreignRequests(0));
        long before = ledger().snapshot().get(0).totalRequests();
        for (int k = 0; k < 8; k++) {
            assertEquals(200, post("/v1/chat/completions", chat("r" + k, false, 10)).statusCode());
        }
        assertTrue(ledger().snapshot().get(0).totalRequests() > before, "backend 1 still takes work");
        awaitLedgerEmpty();
    }
}
