package dev.tokenlb.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tokenlb.max-inflight-tokens}: while every backend holds its bound, a request gets 503 backends_saturated with
 * {@code Retry-After} at once and reserves nothing; once work drains, requests are served again.
 */
@Timeout(60)
class BackendSaturationTest extends GatewayTestSupport {

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.max-inflight-tokens", "1"); // any open request fills a backend
        p.setProperty("tokenlb.max-attempts", "1");
        return p;
    }

    @Test
    void whileEveryBackendIsFullARequestIsRefusedAtOnceThenServedOnceWorkDrains() throws Exception {
        cluster.backends().forEach(b -> b.setStallBeforeFirstTokenMillis(1_500));
        CompletableFuture<HttpResponse<String>> a = http.sendAsync(request(chat("one", true, 3)),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> b = http.sendAsync(request(chat("two", false, 3)),
                HttpResponse.BodyHandlers.ofString());
        awaitTrue(() -> ledger().totalInflightRequests() == 2, Duration.ofSeconds(5), () -> "not both open");
        assertEquals(1, ledger().inflightRequests(0), "one on each backend: a full one takes no second");
        assertEquals(1, ledger().inflightRequests(1));

        long routed = totalRequestsRouted();
        long start = System.nanoTime();
        HttpResponse<String> refused = post("/v1/chat/completions", chat("three", false, 3));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("backends_saturated", errorOf(refused.body()).getString("code"));
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        assertTrue(tookMillis < 1_000, "refused after " + tookMillis + " ms");
        assertEquals(routed, totalRequestsRouted(), "nothing reserved for a refused request");

        assertEquals(200, a.get().statusCode());
        assertEquals(200, b.get().statusCode());
        cluster.backends().forEach(s -> s.clearFaults());
        awaitLedgerEmpty();
        assertEquals(200, post("/v1/chat/completions", chat("four", false, 3)).statusCode());
        awaitLedgerEmpty();
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
