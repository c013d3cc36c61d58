package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static dev.tokenlb.sim.SimClient.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that reads slowly neither holds the engine back nor loses tokens. */
@Timeout(10)
class BackpressureTest {

    @Test
    void aClientThatDoesNotReadStillGetsEveryTokenInOrderOnceItReads() throws Exception {
        SimulatorConfig config = SimulatorConfig.builder().timeScale(0.01).socketSendBufferBytes(8192)
                .outputLengths(SimClient.fixedLength(2000)).build();
        try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // a small window, so the server's write queue fills
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            byte[] body = chatBody("a very long answer", null, true).getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();

            // the engine finishes while nothing is read: the reply waits in the writer, not in the engine
            assertTrue(SimClient.eventually(() -> server.stats().generatedTokens() == 2000));
            assertEquals(0, server.stats().running());
            assertEquals(1, server.stats().inFlight());

            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            int tokenEvents = 0;
            String last = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    last = line;
                    if (line.contains("\"content\":")) {
                        tokenEvents++;
                    }
                    if (line.equals("data: [DONE]")) {
                        break;
                    }
                }
            }
            assertEquals(2000, tokenEvents);
            assertEquals("data: [DONE]", last);
            assertTrue(SimClient.eventually(() -> server.stats().completed() == 1));
        }
    }
}
