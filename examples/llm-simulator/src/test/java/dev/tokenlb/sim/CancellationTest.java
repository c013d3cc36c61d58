package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static dev.tokenlb.sim.SimClient.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that goes away frees its engine slot at once. */
@Timeout(10)
class CancellationTest {

    @Test
    void aClientThatDisconnectsMidStreamFreesItsEngineSlotAtOnce() throws Exception {
        // one slot; the stream alone would hold it for about 8 s (1000 tokens of ~8 ms)
        SimulatorConfig config = SimulatorConfig.builder().timeScale(0.5).maxRunningSequences(1)
                .outputLengths(SimClient.fixedLength(1000)).build();
        try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                sendStreamRequest(socket, chatBody("a long story", null, true));
                readUntilFirstEvent(socket);
                assertEquals(1, server.stats().running());
            } // closing the socket is the disconnect

            assertTrue(SimClient.eventually(() -> server.stats().cancelled() == 1), server.stats().toString());
            assertEquals(0, server.stats().running());
            assertEquals(0, server.stats().inFlight());
            assertEquals(0, server.stats().kvTokensInUse());
            long start = System.nanoTime();
            assertEquals(200, SimClient.post(server.baseUrl() + "/v1/chat/completions",
                    chatBody("next please", 3, false)).statusCode());
            assertTrue(SimClient.millisSince(start) < 3_000, "the slot was free for the next request");
        }
    }

    @Test
    void aClientThatDisconnectsWhileQueuedLeavesTheQueue() throws Exception {
        SimulatorConfig config = SimulatorConfig.builder().timeScale(0.5).maxRunningSequences(1)
                .outputLengths(SimClient.fixedLength(300)).build();
        try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
            SimClient.postAsync(server.baseUrl() + "/v1/chat/completions", chatBody("hold the slot", null, false));
            assertTrue(SimClient.eventually(() -> server.stats().running() == 1));
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                sendStreamRequest(socket, chatBody("waiting", null, true));
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
             Socket socket = new Socket("127.0.0.1", server.port())) {
            sendStreamRequest(socket, chatBody("a long story", null, true));
            readUntilFirstEvent(socket);

            server.stop();

            assertTrue(SimClient.eventually(() -> server.stats().cancelled() == 1), server.stats().toString());
            assertEquals(0, server.stats().inFlight());
        }
    }

    private static void sendStreamRequest(Socket socket, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static void readUntilFirstEvent(Socket socket) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("data: ")) {
                return;
            }
        }
        throw new AssertionError("the stream ended before its first event");
    }
}
