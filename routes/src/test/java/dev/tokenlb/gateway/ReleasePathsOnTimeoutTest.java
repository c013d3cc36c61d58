package dev.tokenlb.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.assertSettled;
import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static dev.tokenlb.gateway.ReleasePathsTest.backendOf;
import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static dev.tokenlb.gateway.ReleasePathsTest.lastDataLine;
import static dev.tokenlb.gateway.ReleasePathsTest.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend slower than {@code tokenlb.first-byte-timeout-ms} (1500 ms here) costs the client a clear error, not a
 * hang, the lease comes back, and the backend's call is cut. The simulator's stall ({@code setStallBeforeFirstTokenMillis}, literal milliseconds) holds a
 * request before generation: a non-streamed reply then sends nothing at all until it is done, while a stream has sent
 * its headers already and goes quiet between them and the first event.
 */
@Timeout(60)
class ReleasePathsOnTimeoutTest extends GatewayTestSupport {

    private static final long READ_TIMEOUT_MS = 1_500;

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.first-byte-timeout-ms", Long.toString(READ_TIMEOUT_MS));
        return p;
    }

    @Test
    void backendSilentPastTheFirstByteTimeoutGives504AndReleases() throws Exception {
        cluster.backends().forEach(b -> b.setStallBeforeFirstTokenMillis(6_000));

        long start = System.nanoTime();
        HttpResponse<String> r = post("/v1/chat/completions", chat("slow", false, 10));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(504, r.statusCode(), r.body());
        JsonObject error = errorOf(r.body());
        assertEquals("server_error", error.getString("type"));
        assertTrue(error.getString("message").matches(".*backend-\\d.*did not start its reply within the gateway's first-byte timeout.*"), r.body());
        assertTrue(tookMillis >= READ_TIMEOUT_MS - 100 && tookMillis < 5_000, "answered after " + tookMillis + " ms");
        // a timeout is not retried (the backend may have started the work): one lease
        assertSettled(ledger(), leases(backendOf(r), 1));
        // the gateway gave up on the call: the backend sees its client gone
        awaitTrue(() -> cancelled() == 1, Duration.ofSeconds(5), this::simStats);
    }

    @Test
    void streamSilentPastTheFirstByteTimeoutEndsWithATimeoutEventAndReleases() throws Exception {
        cluster.backends().forEach(b -> b.setStallBeforeFirstTokenMillis(6_000));

        HttpResponse<String> r = post("/v1/chat/completions", chat("slow stream", true, 10));

        assertEquals(200, r.statusCode(), "the stream's status line went out before the stall");
        assertTrue(lastDataLine(r.body()).contains("\"backend_timeout\""), r.body());
        assertFalse(r.body().contains("[DONE]"), r.body());
        assertSettled(ledger(), leases(backendOf(r), 1));
        awaitTrue(() -> cancelled() == 1, Duration.ofSeconds(5), this::simStats);
    }

    private long cancelled() {
        return cluster.backends().stream().mapToLong(b -> b.stats().cancelled()).sum();
    }

    private String simStats() {
        StringBuilder s = new StringBuilder();
        cluster.backends().forEach(b -> s.append(b.name()).append(": ").append(b.stats()).append("; "));
        return s.toString();
    }
}
