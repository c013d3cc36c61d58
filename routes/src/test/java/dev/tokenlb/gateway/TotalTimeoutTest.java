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
 * A stream that never goes quiet but runs longer than {@code tokenlb.total-timeout-ms} is cut at the total deadline:
 * the idle timeout alone would never end it.
 */
@Timeout(60)
class TotalTimeoutTest extends RecordingBackendTestSupport {

    @Override
    protected void configure(RecordingBackend backend) {
        backend.trickleEveryMillis = 100; // 100 events over 10 s, never 600 ms apart
    }

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.idle-timeout-ms", "600");
        p.setProperty("tokenlb.total-timeout-ms", "1200");
        return p;
    }

    @Test
    void aStreamRunningPastTheTotalTimeoutIsCutWithATimeoutEvent() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = post("/v1/chat/completions", chat("go on forever", true, 500));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"content\":\"t3\""), r.body());
        assertTrue(lastDataLine(r.body()).contains("\"backend_timeout\"") && lastDataLine(r.body()).contains("total"),
                r.body());
        assertFalse(r.body().contains("[DONE]"));
        assertTrue(tookMillis >= 1_150 && tookMillis < 5_000, "cut after " + tookMillis + " ms");
        assertSettled(ledger(), leases("backend-1", 1));
    }
}
