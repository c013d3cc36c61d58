package dev.tokenlb.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.allZero;
import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graceful shutdown: new requests are refused at once while open streams run to their end, within the grace. */
@Timeout(60)
class ShutdownTest extends GatewayTestSupport {

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.shutdown-grace-ms", "20000");
        return p;
    }

    @Override
    public void doPostSetup() {
        // CamelTestSupport sets its own short shutdown timeout after the context is built: use the gateway's grace
        context.getShutdownStrategy().setTimeout(20);
    }

    @Test
    void letsAnOpenStreamFinishWhileRefusingNewRequests() throws Exception {
        String base = baseUrl();
        dev.tokenlb.ledger.TokenLedger ledger = ledger(); // the registry is gone once the context has stopped
        // 300 tokens at timeScale 0.2: a couple of seconds of streaming
        CompletableFuture<HttpResponse<String>> stream = http.sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/v1/chat/completions")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat("a long story to finish", true, 300)))
                .build(), HttpResponse.BodyHandlers.ofString());
        awaitTrue(() -> ledger.totalInflightRequests() == 1, Duration.ofSeconds(5), () -> "stream not open");

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> context.stop());
        awaitTrue(() -> context.isStopping() || context.isStopped(), Duration.ofSeconds(5), () -> "not stopping");
        int refused;
        try {
            HttpResponse<String> late = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/v1/chat/completions")).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat("too late", false, 3))).build(),
                    HttpResponse.BodyHandlers.ofString());
            refused = late.statusCode();
        } catch (java.io.IOException e) {
            refused = -1; // connection refused: the server is already closed
        }
        assertTrue(refused == 503 || refused == -1, "a request during shutdown got " + refused);

        HttpResponse<String> finished = stream.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, finished.statusCode());
        assertTrue(finished.body().contains("data: [DONE]"), "the open stream ran to its end: " + finished.body());
        stopping.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(allZero(ledger));
    }
}
