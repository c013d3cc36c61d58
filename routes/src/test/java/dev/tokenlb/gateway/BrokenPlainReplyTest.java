package dev.tokenlb.gateway;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.assertSettled;
import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static dev.tokenlb.gateway.ReleasePathsTest.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A non-streamed reply whose body breaks off before the gateway sent any of it: the client gets a clear 502, not a
 * cut connection or half a JSON document; the lease comes back and the backend is blamed.
 */
@Timeout(60)
class BrokenPlainReplyTest extends RecordingBackendTestSupport {

    @Override
    protected void configure(RecordingBackend backend) {
        backend.breakPlainBody = true;
    }

    @Test
    void aPlainBodyBrokenBeforeAnyOfItWentOutGivesA502() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat("half a reply", false, 5));
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("backend_stream_failed", errorOf(r.body()).getString("code"));
        assertEquals("backend-1", ReleasePathsTest.backendOf(r));
        assertSettled(ledger(), leases("backend-1", 1));
        assertEquals(1, balancer().getHealth().failuresInARow(0));
    }
}
