package dev.tokenlb.sim;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static dev.tokenlb.sim.SimClient.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that reads slowly neither holds the engine back nor loses tokens. */
@Timeout(30) // a guard against hangs; each test takes well under a second on an idle machine
class BackpressureTest {

    @Test
    void aClientThatDoesNotReadStillGetsEveryTokenInOrderOnceItReads() throws Exception {
        SimulatorConfig config = SimulatorConfig.builder().timeScale(0.01).socketSendBufferBytes(8192)
                .outputLengths(SimClient.fixedLength(2000)).build();
        try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
             RawHttp http = RawHttp.connect(server.port(), 4096)) { // a small window: the write queue fills
            http.post("/v1/chat/completions", chatBody("a very long answer", null, true));

            // the engine finishes while nothing is read: the reply waits in the writer, not in the engine
            assertTrue(SimClient.eventually(
                    () -> server.stats().generatedTokens() == 2000 && server.stats().running() == 0));
            assertEquals(1, server.stats().inFlight());

            List<String> events = http.readEvents();
            StringBuilder text = new StringBuilder();
            for (String event : events.subList(0, 2000)) {
                text.append(new JsonObject(event).getJsonArray("choices").getJsonObject(0).getJsonObject("delta")
                        .getString("content"));
            }
            long seed = OutputLengthModel.lengthKey("sim-model", "a very long answer").hashCode();
            assertEquals(FillerText.text(seed, 2000), text.toString(), "every token, in order");
            assertEquals("[DONE]", events.get(events.size() - 1));
            assertTrue(SimClient.eventually(() -> server.stats().completed() == 1));
        }
    }
}
