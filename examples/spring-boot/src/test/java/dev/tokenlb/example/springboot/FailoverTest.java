package dev.tokenlb.example.springboot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend that refuses connections: every request that is sent there first goes on to the live backend and is
 * answered; the failovers are counted in Micrometer; no token stays reserved.
 */
class FailoverTest extends GatewayAppSupport {

    @Override
    protected String backends() {
        return "http://127.0.0.1:" + closedPort() + ";name=dead," + cluster.baseUrls().get(0) + ";name=live";
    }

    /** Round robin sends every other request to the dead backend; it is never ejected, so it is tried each time. */
    @Override
    protected List<String> extraArgs() {
        return List.of("--tokenlb.strategy=round-robin", "--tokenlb.eject-after=0", "--tokenlb.max-attempts=2",
                "--tokenlb.engine-metrics=");
    }

    @Test
    void refusedConnectionsFailOverToTheLiveBackendAndReleaseEveryToken() throws Exception {
        for (int i = 0; i < 6; i++) {
            boolean stream = i % 2 == 0;
            HttpResponse<String> reply = post("/v1/chat/completions", chat("request " + i, stream, 4));
            assertEquals(200, reply.statusCode(), reply.body());
            assertEquals("live", reply.headers().firstValue(ServletRelay.BACKEND_HEADER).orElse(null));
        }
        awaitLedgerEmpty();
        MeterRegistry registry = app.getBean(MeterRegistry.class);
        double failovers = registry.find("tokenlb.failovers").tag("backend", "dead").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertTrue(failovers >= 2, "round robin sent some requests to the dead backend first: " + failovers);
        double failed = registry.find("tokenlb.backend.attempts").tag("backend", "dead").tag("outcome", "failed")
                .counter().count();
        assertEquals(failovers, failed, "each failed attempt at the dead backend went on to the live one");
    }

    /** With every backend out, the actuator's health is DOWN and says why; back UP once one is readmitted. */
    @Test
    void healthIsDownWhileNoBackendIsUsable() throws Exception {
        balancer().pauseBackend("dead", 60_000);
        balancer().pauseBackend("live", 60_000);
        try {
            HttpResponse<String> down = get("/actuator/health");
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.body().contains("\"tokenLb\":{"), down.body());
            assertTrue(down.body().contains("no usable backend for balancer 'tokenLb'"), down.body());
        } finally {
            balancer().readmitBackend("live");
            balancer().readmitBackend("dead");
        }
        HttpResponse<String> up = get("/actuator/health");
        assertEquals(200, up.statusCode(), up.body());
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
