package dev.tokenlb.gateway;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A slow upload gets 408 in bounded time; past max-concurrent a request is shed at once with 503 and Retry-After. */
@Timeout(60)
class InputLimitsTest extends GatewayTestSupport {

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.request-body-timeout-ms", "700");
        p.setProperty("tokenlb.max-concurrent", "2");
        return p;
    }

    @Test
    void aSlowUploadGets408AndTheGatewayKeepsServing() throws Exception {
        long routed = totalRequestsRouted();
        long start = System.nanoTime();
        String reply;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":").getBytes(
                            StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // then a byte now and then, never finishing
            CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        Thread.sleep(200);
                        socket.getOutputStream().write(' ');
                    }
                } catch (Exception e) {
                    // closed by the gateway
                }
            });
            InputStream in = socket.getInputStream();
            reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(reply.startsWith("HTTP/1.1 408"), reply);
        assertTrue(reply.contains("\"request_timeout\""), reply);
        assertTrue(tookMillis < 3_000, "took " + tookMillis + " ms");
        assertNothingReserved(routed);
        assertEquals(200, post("/v1/chat/completions", chat("next", false, 3)).statusCode());
    }

    @Test
    void beyondMaxConcurrentARequestIsShedAtOnceAndServedAgainLater() throws Exception {
        cluster.backends().forEach(b -> b.setStallBeforeFirstTokenMillis(1_500));
        CompletableFuture<HttpResponse<String>> a = http.sendAsync(postRequest(chat("one", true, 3)),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> b = http.sendAsync(postRequest(chat("two", false, 3)),
                HttpResponse.BodyHandlers.ofString());
        awaitTrue(() -> ledger().totalInflightRequests() == 2, Duration.ofSeconds(5), () -> "not both open");
        long routed = totalRequestsRouted();
        long start = System.nanoTime();
        HttpResponse<String> shed = post("/v1/chat/completions", chat("three", false, 3));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, shed.statusCode(), shed.body());
        assertEquals("gateway_overloaded", errorOf(shed.body()).getString("code"));
        assertEquals("1", shed.headers().firstValue("Retry-After").orElse(null));
        assertTrue(tookMillis < 500, "shed after " + tookMillis + " ms");
        assertEquals(routed, totalRequestsRouted(), "nothing reserved for a shed request");
        assertEquals(200, a.get().statusCode());
        assertEquals(200, b.get().statusCode());
        cluster.backends().forEach(s -> s.clearFaults());
        awaitLedgerEmpty();
        assertEquals(200, post("/v1/chat/completions", chat("four", false, 3)).statusCode());
    }

    private java.net.http.HttpRequest postRequest(String body) {
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private int port() {
        return Integer.parseInt(baseUrl().substring(baseUrl().lastIndexOf(':') + 1));
    }
}
