package dev.tokenlb.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import dev.tokenlb.health.HealthState;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.assertSettled;
import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static dev.tokenlb.gateway.ReleasePathsTest.backendOf;
import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static dev.tokenlb.gateway.ReleasePathsTest.json;
import static dev.tokenlb.gateway.ReleasePathsTest.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health and failover through the real gateway over HTTP: backends answering 503 and 429 (with and without
 * {@code Retry-After}), failing with 500, or stopped, and what clients, the ledger, {@code /health} and
 * {@code /metrics} see.
 */
@Timeout(60)
class HealthAndFailoverTest extends GatewayTestSupport {

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.max-attempts", "2");
        p.setProperty("tokenlb.eject-after", "3");
        p.setProperty("tokenlb.eject-ms", "1000");
        p.setProperty("tokenlb.max-eject-ms", "4000");
        p.setProperty("tokenlb.learn-speed", "false");
        return p;
    }

    @Test
    void a503WithRetryAfterFailsOverAndPausesTheBackendSoClientsOnlySeeTheOther() throws Exception {
        cluster.backend(0).setFailureStatus(503);
        cluster.backend(0).setRetryAfterSeconds(5);
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = post("/v1/chat/completions", chat("hello " + i, i % 2 == 0, 5));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("backend-2", backendOf(r));
        }
        // backend-1 refused once, with Retry-After: 5, and then got nothing more
        assertSettled(ledger(), leases("backend-1", 1, "backend-2", 6));
        assertEquals(HealthState.EJECTED, balancer().getHealth().state(0));
        String metrics = getOps("/metrics").body();
        assertTrue(metrics.contains("tokenlb_failovers_total{backend=\"backend-1\",outcome=\"overloaded\"} 1.0"),
                metrics);
        assertTrue(metrics.contains("tokenlb_backend_usable{backend=\"backend-1\"} 0.0"), metrics);
        assertTrue(metrics.contains("tokenlb_backend_ejections_total{backend=\"backend-1\"} 1.0"), metrics);
    }

    @Test
    void whenEveryBackendIsOverloadedTheLastRefusalReachesTheClientThenItGets503AtOnceUntilOneIsBack()
            throws Exception {
        cluster.backends().forEach(b -> {
            b.setFailureStatus(429);
            b.setRetryAfterSeconds(1);
        });
        HttpResponse<String> refused = post("/v1/chat/completions", chat("hello", false, 5));
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        assertSettled(ledger(), leases("backend-1", 1, "backend-2", 1));

        long routed = totalRequestsRouted();
        long start = System.nanoTime();
        HttpResponse<String> none = post("/v1/chat/completions", chat("again", true, 5));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, none.statusCode(), none.body());
        JsonObject error = errorOf(none.body());
        assertEquals("no_backend_available", error.getString("code"));
        assertTrue(error.getString("message").contains("ejected"), none.body());
        assertEquals("1", none.headers().firstValue("Retry-After").orElse(null));
        assertTrue(tookMillis < 1_000, "answered after " + tookMillis + " ms");
        assertNothingReserved(routed);

        HttpResponse<String> health = getOps("/health");
        assertEquals(503, health.statusCode(), health.body());
        assertEquals("DOWN", json(health.body()).getString("status"));
        assertEquals(200, getOps("/health/live").statusCode(), "alive, though not ready");

        cluster.backends().forEach(b -> b.clearFaults());
        Thread.sleep(1_100);
        assertEquals(200, getOps("/health").statusCode());
        HttpResponse<String> back = post("/v1/chat/completions", chat("back", false, 5));
        assertEquals(200, back.statusCode(), back.body());
    }

    @Test
    void aBackendFailingInARowIsEjectedThenReadmittedByOneTrialAfterItsCoolDown() throws Exception {
        cluster.backend(0).setFailureStatus(500);
        int failures = 0;
        for (int i = 0; i < 20 && failures < 3; i++) {
            HttpResponse<String> r = post("/v1/chat/completions", chat("x" + i, false, 5));
            if (r.statusCode() == 500) {
                failures++;
                assertEquals("backend-1", backendOf(r), "a 500 is passed on, not retried");
            }
        }
        assertEquals(3, failures);
        assertEquals(HealthState.EJECTED, balancer().getHealth().state(0));
        for (int i = 0; i < 5; i++) {
            assertEquals("backend-2", backendOf(post("/v1/chat/completions", chat("y" + i, false, 5))));
        }
        cluster.backend(0).clearFaults();
        Thread.sleep(1_100);
        boolean backOnOne = false;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = post("/v1/chat/completions", chat("z" + i, false, 5));
            assertEquals(200, r.statusCode());
            backOnOne |= backendOf(r).equals("backend-1");
        }
        assertTrue(backOnOne, "the trial request readmitted backend-1");
        assertEquals(HealthState.HEALTHY, balancer().getHealth().state(0));
        awaitLedgerEmpty();
    }

    @Test
    void aBackendThatStopsIsFailedOverAndEjectedAndComesBackAfterItRestarts() throws Exception {
        cluster.backend(1).stop();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> r = post("/v1/chat/completions", chat("s" + i, i % 2 == 1, 5));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("backend-1", backendOf(r));
        }
        long refusedLeases = ledger().snapshot().get(1).totalRequests();
        assertTrue(refusedLeases >= 1 && refusedLeases <= 3, "refused attempts before ejection: " + refusedLeases);
        cluster.backend(1).start();
        awaitTrue(() -> balancer().getHealth().admits(1), Duration.ofSeconds(5), () -> "not back");
        boolean usedAgain = false;
        for (int i = 0; i < 6 && !usedAgain; i++) {
            usedAgain = backendOf(post("/v1/chat/completions", chat("t" + i, false, 5))).equals("backend-2");
        }
        assertTrue(usedAgain);
        awaitLedgerEmpty();
    }
}
