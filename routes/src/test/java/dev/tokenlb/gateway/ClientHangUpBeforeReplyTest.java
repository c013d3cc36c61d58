package dev.tokenlb.gateway;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.allZero;
import static dev.tokenlb.gateway.ReleasePathsTest.assertSettled;
import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static dev.tokenlb.gateway.ReleasePathsTest.sendPost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that hangs up while the backend has not answered yet (no headers: a non-streamed reply is being
 * generated): the call to the backend is cancelled at once, so the backend stops, and the lease comes back at once,
 * not when the backend would have finished. The hang-up is no failover and no fault of the backend.
 */
@Timeout(60)
class ClientHangUpBeforeReplyTest extends GatewayTestSupport {

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.max-attempts", "2"); // a cut call gives a SocketException, which is retryable
        return p;
    }

    @Test
    void cancelsTheBackendCallAndReleasesAtOnceWithoutFailingOver() throws Exception {
        cluster.backends().forEach(b -> b.setStallBeforeFirstTokenMillis(8_000));
        long closedAt;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            sendPost(socket, "/v1/chat/completions", chat("a slow answer", false, 50));
            awaitTrue(() -> ledger().totalInflightRequests() == 1, Duration.ofSeconds(5), () -> "never reserved");
            awaitTrue(() -> cluster.backends().stream().mapToInt(b -> b.stats().inFlight()).sum() == 1,
                    Duration.ofSeconds(5), () -> "the backend never got the call");
            closedAt = System.nanoTime();
        }

        awaitTrue(() -> allZero(ledger()), Duration.ofSeconds(2), () -> "not released: " + ledger().snapshot());
        long releasedAfterMillis = (System.nanoTime() - closedAt) / 1_000_000;
        assertTrue(releasedAfterMillis < 1_000, "released " + releasedAfterMillis + " ms after the hang-up");
        String backend = ledger().snapshot().stream().filter(s -> s.totalRequests() == 1).findFirst().orElseThrow()
                .target().name();
        assertSettled(ledger(), ReleasePathsTest.leases(backend, 1)); // one lease: no failover for a gone client
        awaitTrue(() -> cluster.backends().stream().mapToLong(b -> b.stats().cancelled()).sum() == 1,
                Duration.ofSeconds(2), () -> "the backend did not see its call cancelled");
        assertEquals(0, cluster.backends().stream().mapToLong(b -> b.stats().completed()).sum());
        for (int i = 0; i < 2; i++) {
            assertEquals(0, balancer().getHealth().failuresInARow(i), "a hang-up is not the backend's failure");
        }
        cluster.backends().forEach(b -> b.clearFaults());
        assertEquals(200, post("/v1/chat/completions", chat("still serving", false, 3)).statusCode());
    }

    private int port() {
        return Integer.parseInt(baseUrl().substring(baseUrl().lastIndexOf(':') + 1));
    }
}
