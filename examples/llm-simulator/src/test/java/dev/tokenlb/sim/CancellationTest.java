package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.sim.SimClient.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that goes away frees its engine slot at once. */
@Timeout(30) // a guard against hangs; each test takes well under a second on an idle machine
class CancellationTest {

    @Test
    void aClientThatDisconnectsMidStreamFreesItsEngineSlotAtOnce() throws Exception {
        // one slot; the stream alone would hold it for about 8 s (1000 tokens of ~8 ms)
        SimulatorConfig config = SimulatorConfig.builder().timeScale(0.5).maxRunningSequences(1)
                .outputLengths(SimClient.fixedLength(1000)).build();
        try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
            try (RawHttp http = RawHttp.connect(server.port())) {
                http.post("/v1/chat/completions", chatBody("a long story", null, true));
                http.readUntilFirstEvent();
                assertEquals(1, server.stats().running());
            } // closing the socket is the disconnect

            assertTrue(SimClient.eventually(() -> server.stats().cancelled() == 1), server.stats().toString());
            assertEquals(0, server.stats().running());
            assertEquals(0, server.stats().inFlight());
            assertEquals(0, server.stats().kvTokensInUse());
            long start = System.nanoTime();
            assertEquals(200, SimClient.post(server.baseUrl() + "/v1/chat/completions",
                    chatBody("next please", 3, false)).statusCode());
            assertTrue(SimClient.millisSince(start) < 5_000, "the slot was free: the stream would have held it 7.75 s");
        }
    }

    @Test
    void aClientThatDisconnectsWhileQueuedLeavesTheQueue() throws Exception {
        SimulatorConfig config = SimulatorConfig.builder().timeScale(0.5).maxRunningSequences(1)
                .outputLengths(SimClient.fixedLength(300)).build();
        try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
            SimClient.postAsync(server.baseUrl() + "/v1/chat/completions", chatBody("hold the slot", null, false));
            assertTrue(SimClient.eventually(() -> server.stats().running() == 1));
            try (RawHttp http = RawHttp.connect(server.port())) {
                http.post("/v1/chat/completions", chatBody("waiting", null, true));
                assertTrue(SimClient.eventually(() -> server.stats().queued() == 1));
            }

            assertTrue(SimClient.eventually(() -> server.stats().queued() == 0 && server.stats().cancelled() == 1));
            assertEquals(1, server.stats().running(), "the running request goes on");
        }
    }

    @Test
    void stoppingTheServerCutsOpenStreamsAndCountsThemAsCancelled() throws Exception {
        SimulatorConfig config = SimulatorConfig.builder().timeScale(0.5)
                .outputLengths(SimClient.fixedLength(1000)).build();
        try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
             RawHttp http = RawHttp.connect(server.port())) {
            http.post("/v1/chat/completions", chatBody("a long story", null, true));
            http.readUntilFirstEvent();

            server.stop();

            assertTrue(SimClient.eventually(() -> server.stats().cancelled() == 1), server.stats().toString());
            assertEquals(0, server.stats().inFlight());
        }
    }
}
