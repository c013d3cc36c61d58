package dev.tokenlb.gateway;

import java.net.http.HttpResponse;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.assertSettled;
import static dev.tokenlb.gateway.ReleasePathsTest.lastDataLine;
import static dev.tokenlb.gateway.ReleasePathsTest.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream that starts and then goes silent longer than {@code tokenlb.idle-timeout-ms} is cut: the client gets the
 * events so far and an in-band timeout error, the lease comes back, and the silence counts against the backend.
 */
@Timeout(60)
class IdleTimeoutTest extends RecordingBackendTestSupport {

    @Override
    protected void configure(RecordingBackend backend) {
        backend.silentAfterFirstEvent = 10_000;
    }

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.idle-timeout-ms", "600");
        return p;
    }

    @Test
    void aStreamSilentPastTheIdleTimeoutEndsWithATimeoutEventAndReleases() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = post("/v1/chat/completions", chat("then nothing", true, 50));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"content\":\"hi\""), "the event before the silence reached the client");
        assertTrue(lastDataLine(r.body()).contains("\"backend_timeout\"") && lastDataLine(r.body()).contains("idle"),
                r.body());
        assertFalse(r.body().contains("[DONE]"));
        assertTrue(tookMillis >= 550 && tookMillis < 5_000, "cut after " + tookMillis + " ms");
        assertSettled(ledger(), leases("backend-1", 1));
        assertEquals(1, balancer().getHealth().failuresInARow(0), "a silent backend is a failing one");
    }
}
