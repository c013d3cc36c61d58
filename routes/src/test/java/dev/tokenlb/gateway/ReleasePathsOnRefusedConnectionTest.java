package dev.tokenlb.gateway;

import java.net.http.HttpResponse;
import java.util.List;

import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.assertSettled;
import static dev.tokenlb.gateway.ReleasePathsTest.backendOf;
import static dev.tokenlb.gateway.ReleasePathsTest.closedLoopbackPort;
import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static dev.tokenlb.gateway.ReleasePathsTest.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A refused connection releases that attempt's lease at once, and the request fails over (default max-attempts=2).
 * backend-1 is a closed loopback port; backend-2 a live simulated backend. backend-1 has weight 4 so that an idle
 * ledger always picks it first (score cost/4 below cost/1): the refusal is certain, not left to the tie-break cursor.
 */
@Timeout(60)
class ReleasePathsOnRefusedConnectionTest extends GatewayTestSupport {

    private String refusedUrl;

    @Override
    protected int backendCount() {
        return 1;
    }

    @Override
    protected String backends() {
        try {
            refusedUrl = "http://127.0.0.1:" + closedLoopbackPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return refusedUrl + ";weight=4," + cluster.baseUrls().get(0);
    }

    @Test
    void refusedConnectionFailsOverToTheNextBackendAndReleasesTheRefusedLease() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat("fail over", false, 10));

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("backend-2", backendOf(r));
        // the refused attempt was granted a lease (1) and gave it back (in flight 0)
        assertSettled(ledger(), leases("backend-1", 1, "backend-2", 1));
        assertEquals(1, cluster.backend(0).stats().completed());
    }

    @Test
    void streamedRequestFailsOverTooAndReleasesBothLeases() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat("fail over streaming", true, 10));

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().stripTrailing().endsWith("data: [DONE]"), r.body());
        assertSettled(ledger(), leases("backend-1", 1, "backend-2", 1));
    }

    @Test
    void everyBackendRefusingGives502NamingTheBackendButNotItsUrl() throws Exception {
        String liveUrl = cluster.baseUrls().get(0);
        cluster.backend(0).stop(); // its port now refuses too

        HttpResponse<String> r = post("/v1/chat/completions", chat("nobody home", false, 10));

        assertEquals(502, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonObject error = errorOf(r.body());
        String message = error.getString("message");
        assertTrue(message.matches(".*\\bbackend-[12]\\b.*"), message);
        assertEquals("server_error", error.getString("type"));
        for (String url : List.of(refusedUrl, liveUrl)) {
            String hostPort = url.substring("http://".length());
            assertFalse(r.body().contains(hostPort), "the reply shows a backend address: " + r.body());
            assertFalse(r.body().contains(":" + hostPort.substring(hostPort.indexOf(':') + 1)), r.body());
            r.headers().map().forEach((name, values) -> values.forEach(v ->
                    assertFalse(v.contains(hostPort), "header " + name + " shows a backend address: " + v)));
        }
        assertFalse(r.body().contains("http://"), r.body());
        // both attempts (max-attempts=2) were granted a lease and released it
        assertSettled(ledger(), leases("backend-1", 1, "backend-2", 1));
    }
}
