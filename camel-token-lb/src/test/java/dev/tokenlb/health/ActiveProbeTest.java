package dev.tokenlb.health;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.tokenlb.ledger.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Active probes over real HTTP on loopback: failures eject an idle backend, an answer ends its cool-down. */
class ActiveProbeTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void ejectsABackendWhoseHealthFailsAndLetsItBackWhenItAnswers() throws Exception {
        AtomicInteger status = new AtomicInteger(500);
        AtomicInteger probes = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            probes.incrementAndGet();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        BackendHealth health = new BackendHealth(2, new HealthPolicy(3, 60_000, 60_000, 60_000),
                System::currentTimeMillis);
        // the second backend listens nowhere: its probes fail to connect
        ActiveProbe probe = new ActiveProbe(List.of(new Target("up", url, 1), new Target("down", "http://127.0.0.1:1", 1)),
                health, "/health", 1_000, 1_000);
        for (int i = 1; i <= 3; i++) {
            int expected = i;
            probe.probeAll();
            waitUntil(() -> health.failuresInARow(0) >= expected || health.state(0) == HealthState.EJECTED);
            waitUntil(() -> health.failuresInARow(1) >= expected || health.state(1) == HealthState.EJECTED);
        }
        waitUntil(() -> health.state(0) == HealthState.EJECTED && health.state(1) == HealthState.EJECTED);
        assertFalse(health.admits(0));
        status.set(200);
        probe.probeAll();
        waitUntil(() -> health.admits(0));
        assertTrue(health.admits(0), "an answering backend gets its trial without waiting out 60 s");
        assertFalse(health.admits(1));
        assertTrue(probes.get() >= 4);
    }

    @Test
    void rejectsANonPositiveInterval() {
        BackendHealth health = new BackendHealth(1, HealthPolicy.DEFAULT, System::currentTimeMillis);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ActiveProbe(List.of(new Target("a", "http://127.0.0.1:1", 1)), health, "/health", 0, 1));
        assertEquals("probe interval and timeout must be > 0 ms, were 0 and 1", e.getMessage());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }
}
