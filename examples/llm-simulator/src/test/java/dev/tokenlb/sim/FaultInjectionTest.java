package dev.tokenlb.sim;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.tokenlb.sim.SimClient.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The faults a gateway test can switch on at runtime. */
@Timeout(30) // a guard against hangs; each test takes well under a second on an idle machine
class FaultInjectionTest {

    private SimulatedLlmServer server;

    @BeforeEach
    void start() {
        server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.1)
                .outputLengths(SimClient.fixedLength(20)).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String chatUrl() {
        return server.baseUrl() + "/v1/chat/completions";
    }

    @Test
    void aFailureStatusAnswersEveryRequestWithAnOpenAiErrorUntilSwitchedOff() throws Exception {
        server.setFailureStatus(429);

        HttpResponse<String> chat = SimClient.post(chatUrl(), chatBody("hi", null, false));
        HttpResponse<String> health = SimClient.get(server.baseUrl() + "/health");

        assertEquals(429, chat.statusCode());
        assertEquals("rate_limit_error", SimClient.json(chat).getJsonObject("error").getString("type"));
        assertEquals("1", chat.headers().firstValue("retry-after").orElse(""));
        assertEquals(429, health.statusCode());
        assertEquals(1, server.stats().failed());

        server.setFailureStatus(500);
        HttpResponse<String> broken = SimClient.post(chatUrl(), chatBody("hi", null, false));
        assertEquals(500, broken.statusCode());
        assertEquals("server_error", SimClient.json(broken).getJsonObject("error").getString("type"));

        server.setFailureStatus(0);
        assertEquals(200, SimClient.post(chatUrl(), chatBody("hi", null, false)).statusCode());
        assertEquals(3, server.stats().received());
    }

    @Test
    void aStalledStreamSendsItsHeadersAtOnceAndItsFirstTokenOnlyAfterTheStall() throws Exception {
        server.setStallBeforeFirstTokenMillis(1_500);
        long sent = System.nanoTime();

        HttpResponse<InputStream> response = SimClient.HTTP.send(
                SimClient.postRequest(chatUrl(), chatBody("are you there", null, true)),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        assertEquals(1, server.stats().inFlight(), "headers are here while the request is stalled...");
        assertEquals(0, server.stats().running() + server.stats().queued(), "...before it entered the engine");
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line = body.readLine();
            while (line != null && !line.startsWith("data: ")) {
                line = body.readLine();
            }
            assertTrue(SimClient.millisSince(sent) >= 1_500, "the first token comes after the stall");
        }
    }

    @Test
    void aDroppedStreamEndsAbruptlyAfterTheGivenNumberOfTokens() throws Exception {
        server.setDropMidStreamAfterTokens(5);

        try (RawHttp http = RawHttp.connect(server.port())) {
            http.post("/v1/chat/completions", chatBody("talk to me", null, true));
            List<String> events = http.readEvents();

            assertEquals(5, events.size(), "five tokens, no finish chunk, no [DONE]: " + events);
            assertNull(http.readLine(), "then the connection is closed");
        }
        assertTrue(SimClient.eventually(() -> server.stats().dropped() == 1));
        assertEquals(0, server.stats().inFlight());
        assertEquals(0, server.stats().running());
    }

    @Test
    void aDroppedPlainRequestGetsNoReplyAtAll() {
        server.setDropMidStreamAfterTokens(5);

        assertThrows(IOException.class, () -> SimClient.post(chatUrl(), chatBody("talk to me", null, false)));
    }

    @Test
    void aReplyNoLongerThanTheDropLimitIsNotDropped() throws Exception {
        server.setDropMidStreamAfterTokens(5);

        SimClient.Streamed reply = SimClient.stream(chatUrl(), chatBody("short", 5, true));

        assertFalse(reply.brokenOff());
        assertEquals("[DONE]", reply.lastData());
    }

    @Test
    void clearFaultsSwitchesEverythingOff() throws Exception {
        server.setFailureStatus(503);
        server.setStallBeforeFirstTokenMillis(5_000);
        server.setDropMidStreamAfterTokens(1);
        server.clearFaults();

        JsonObject reply = SimClient.json(SimClient.post(chatUrl(), chatBody("hi", null, false)));

        assertEquals(20, reply.getJsonObject("usage").getInteger("completion_tokens"));
    }

    @Test
    void rejectsFaultSettingsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> server.setFailureStatus(200));
        assertThrows(IllegalArgumentException.class, () -> server.setStallBeforeFirstTokenMillis(-1));
        assertThrows(IllegalArgumentException.class, () -> server.setDropMidStreamAfterTokens(-1));
    }
}
