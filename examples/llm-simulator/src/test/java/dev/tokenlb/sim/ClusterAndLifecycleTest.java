package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;

import static dev.tokenlb.sim.SimClient.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several backends in one process, and stopping and restarting one. */
@Timeout(30) // a guard against hangs; each test takes well under a second on an idle machine
class ClusterAndLifecycleTest {

    @Test
    void aClusterRunsOneNamedBackendPerSpeedOnDistinctPorts() throws Exception {
        try (SimulatedLlmCluster cluster = SimulatedLlmCluster.start(SimClient.fastConfig().build(), 2.0, 1.0, 0.5)) {
            List<String> urls = cluster.baseUrls();

            assertEquals(3, cluster.size());
            assertEquals(3, new HashSet<>(urls).size());
            assertEquals(0.5, cluster.backend(2).speed());
            for (int i = 0; i < 3; i++) {
                assertTrue(urls.get(i).startsWith("http://127.0.0.1:"));
                HttpResponse<String> reply = SimClient.post(urls.get(i) + "/v1/chat/completions",
                        chatBody("who are you", 2, false));
                assertEquals(200, reply.statusCode());
                assertEquals("sim-" + i, reply.headers().firstValue("x-sim-backend").orElse(""));
                SimulatorStats stats = cluster.backend(i).stats();
                assertTrue(SimClient.eventually(() -> stats.completed() == 1), "counted once the reply is out");
            }
        }
    }

    @Test
    void aStoppedBackendRefusesConnectionsAndRestartsOnTheSamePortWithItsStats() throws Exception {
        try (SimulatedLlmServer server = SimulatedLlmServer.start(SimClient.fastConfig().build())) {
            String url = server.baseUrl() + "/v1/chat/completions";
            int port = server.port();
            assertEquals(200, SimClient.post(url, chatBody("before", 2, false)).statusCode());

            server.stop();
            assertFalse(server.isRunning());
            assertThrows(IOException.class, () -> SimClient.post(url, chatBody("while stopped", 2, false)));

            server.start();
            assertEquals(port, server.port());
            assertEquals(200, SimClient.post(url, chatBody("after", 2, false)).statusCode());
            assertTrue(SimClient.eventually(() -> server.stats().completed() == 2), "stats survive a restart");
        }
    }

    @Test
    void speedCanChangeWhileRunning() throws Exception {
        try (SimulatedLlmServer server = SimulatedLlmServer.start(SimClient.fastConfig().build())) {
            server.setSpeed(4);

            assertEquals(4, server.speed());
            assertEquals(200, SimClient.post(server.baseUrl() + "/v1/chat/completions",
                    chatBody("faster", 2, false)).statusCode());
            assertThrows(IllegalArgumentException.class, () -> server.setSpeed(0));
        }
    }
}
