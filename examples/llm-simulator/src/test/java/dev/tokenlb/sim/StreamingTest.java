package dev.tokenlb.sim;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;

import static dev.tokenlb.sim.SimClient.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-sent event streams: their shape, their pace, and headers that come before the first token. */
@Timeout(30) // a guard against hangs; each test takes well under a second on an idle machine
class StreamingTest {

    private SimulatedLlmServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String chatUrl() {
        return server.baseUrl() + "/v1/chat/completions";
    }

    @Test
    void streamedTokensArriveOverTimeOnePerEventAndTheStreamEndsWithDone() throws Exception {
        // 40 tokens of at least 7.75 ms steps: at least 300 ms from first to last token
        server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.5)
                .outputLengths(SimClient.fixedLength(40)).build());

        SimClient.Streamed reply = SimClient.stream(chatUrl(), chatBody("count to forty", null, true));

        assertEquals(200, reply.status());
        assertEquals("text/event-stream", reply.headers().firstValue("content-type").orElse(""));
        assertEquals("no-cache", reply.headers().firstValue("cache-control").orElse(""));
        assertEquals("[DONE]", reply.lastData());
        List<JsonObject> chunks = reply.chunks();
        assertEquals(41, chunks.size(), "40 tokens and the finish chunk");
        JsonObject first = chunks.get(0);
        assertEquals("chat.completion.chunk", first.getString("object"));
        JsonObject firstDelta = first.getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
        assertEquals("assistant", firstDelta.getString("role"));
        JsonObject last = chunks.get(40).getJsonArray("choices").getJsonObject(0);
        assertEquals("stop", last.getString("finish_reason"));
        assertNull(last.getJsonObject("delta").getString("content"));
        double firstAt = reply.events().get(0).atMillis();
        double lastTokenAt = reply.events().get(39).atMillis();
        assertTrue(lastTokenAt - firstAt > 100, "tokens are spread over time: " + firstAt + " .. " + lastTokenAt);
    }

    @Test
    void includeUsageAddsAUsageChunkWithoutChoicesBeforeDone() throws Exception {
        server = SimulatedLlmServer.start(SimClient.fastConfig().build());
        String body = new JsonObject(chatBody("hello", 5, true))
                .put("stream_options", new JsonObject().put("include_usage", true)).encode();

        SimClient.Streamed reply = SimClient.stream(chatUrl(), body);

        List<JsonObject> chunks = reply.chunks();
        JsonObject usageChunk = chunks.get(chunks.size() - 1);
        assertTrue(usageChunk.getJsonArray("choices").isEmpty());
        assertEquals(5, usageChunk.getJsonObject("usage").getInteger("completion_tokens"));
        assertEquals(1, usageChunk.getJsonObject("usage").getInteger("prompt_tokens"));
        assertEquals("length", chunks.get(chunks.size() - 2).getJsonArray("choices").getJsonObject(0)
                .getString("finish_reason"));
        assertEquals("[DONE]", reply.lastData());
    }

    @Test
    void aStreamedAndAPlainCopyOfARequestGenerateTheSameText() throws Exception {
        server = SimulatedLlmServer.start(SimClient.fastConfig().build());

        SimClient.Streamed streamed = SimClient.stream(chatUrl(), chatBody("same words please", 30, true));
        JsonObject plain = SimClient.json(SimClient.post(chatUrl(), chatBody("same words please", 30, false)));

        assertEquals(plain.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"),
                streamed.text());
    }

    @Test
    void aLegacyCompletionStreamsTextChunks() throws Exception {
        server = SimulatedLlmServer.start(SimClient.fastConfig().build());

        SimClient.Streamed reply = SimClient.stream(server.baseUrl() + "/v1/completions",
                "{\"prompt\":\"Once upon\",\"max_tokens\":3,\"stream\":true}");

        assertEquals(4, reply.chunks().size());
        assertEquals("text_completion", reply.chunks().get(0).getString("object"));
        assertEquals(3, reply.text().split(" ").length - 1, "three words, each with a leading space");
        assertEquals("[DONE]", reply.lastData());
    }

    @Test
    void aQueuedStreamHasItsHeadersBeforeItsFirstToken() throws Exception {
        // one slot, held for about 1.5 s by a 200-token request
        server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.5).maxRunningSequences(1)
                .outputLengths(SimClient.fixedLength(200)).build());
        SimClient.postAsync(chatUrl(), chatBody("hold the slot", null, false));
        assertTrue(SimClient.eventually(() -> server.stats().running() == 1));

        HttpResponse<InputStream> queued = SimClient.HTTP.send(
                SimClient.postRequest(chatUrl(), chatBody("wait your turn", null, true)),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, queued.statusCode());
        assertEquals("text/event-stream", queued.headers().firstValue("content-type").orElse(""));
        assertTrue(SimClient.eventually(() -> server.stats().queued() == 1));
        assertEquals(1, server.stats().running(), "the only slot is still busy, so no token can have been made");
        queued.body().close();
    }
}
