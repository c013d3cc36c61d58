package dev.tokenlb.sim;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;

import static dev.tokenlb.sim.SimClient.chatBody;
import static dev.tokenlb.sim.SimClient.json;
import static dev.tokenlb.sim.SimClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The non-streamed OpenAI endpoints: shapes, usage, output lengths and errors. */
@Timeout(30) // a guard against hangs; each test takes well under a second on an idle machine
class OpenAiApiTest {

    private static final Encoding CL100K =
            Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private SimulatedLlmServer server;

    @BeforeEach
    void start() {
        server = SimulatedLlmServer.start(SimClient.fastConfig().build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return server.baseUrl() + path;
    }

    @Test
    void aChatReplyHasTheOpenAiShapeAndItsUsageAddsUp() throws Exception {
        String prompt = "Explain continuous batching in two sentences.";
        String body = chatBody(prompt, null, false);

        HttpResponse<String> response = post(url("/v1/chat/completions"), body);

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        JsonObject reply = json(response);
        assertTrue(reply.getString("id").startsWith("chatcmpl-"));
        assertEquals("chat.completion", reply.getString("object"));
        assertEquals("sim-model", reply.getString("model"));
        assertTrue(reply.getLong("created") > 0);
        JsonObject choice = reply.getJsonArray("choices").getJsonObject(0);
        assertEquals(0, choice.getInteger("index"));
        assertEquals("assistant", choice.getJsonObject("message").getString("role"));
        assertEquals("stop", choice.getString("finish_reason"));
        JsonObject usage = reply.getJsonObject("usage");
        int completion = usage.getInteger("completion_tokens");
        assertEquals(CL100K.countTokensOrdinary(prompt), usage.getInteger("prompt_tokens"));
        assertEquals(server.outputTokensFor(body), completion, "the oracle knows the length");
        assertEquals(usage.getInteger("prompt_tokens") + completion, usage.getInteger("total_tokens"));
        assertEquals(completion, CL100K.countTokensOrdinary(choice.getJsonObject("message").getString("content")),
                "one filler word per token");
    }

    @Test
    void theSameRequestGetsTheSameLengthAndMaxTokensCapsIt() throws Exception {
        String body = chatBody("Write a long essay about rivers.", null, false);
        int natural = json(post(url("/v1/chat/completions"), body)).getJsonObject("usage")
                .getInteger("completion_tokens");
        int again = json(post(url("/v1/chat/completions"), body)).getJsonObject("usage")
                .getInteger("completion_tokens");
        assertEquals(natural, again);

        int cap = Math.max(1, natural / 2);
        JsonObject capped = json(post(url("/v1/chat/completions"),
                chatBody("Write a long essay about rivers.", cap, false)));

        assertEquals(Math.min(cap, natural), capped.getJsonObject("usage").getInteger("completion_tokens"));
        assertEquals(cap < natural ? "length" : "stop",
                capped.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
    }

    @Test
    void aLegacyCompletionRepliesWithText() throws Exception {
        JsonObject reply = json(post(url("/v1/completions"),
                "{\"model\":\"other\",\"prompt\":\"Once\",\"max_tokens\":4}"));

        assertEquals("text_completion", reply.getString("object"));
        assertEquals("other", reply.getString("model"), "the requested model is echoed");
        JsonObject choice = reply.getJsonArray("choices").getJsonObject(0);
        assertTrue(choice.getString("text").length() > 0);
        assertEquals(4, reply.getJsonObject("usage").getInteger("completion_tokens"));
        assertEquals("length", choice.getString("finish_reason"));
    }

    @Test
    void embeddingsGetOneSmallVectorPerInputAndPromptOnlyUsage() throws Exception {
        JsonObject reply = json(post(url("/v1/embeddings"),
                "{\"model\":\"sim-model\",\"input\":[\"one\",\"two three\"]}"));

        assertEquals("list", reply.getString("object"));
        JsonArray data = reply.getJsonArray("data");
        assertEquals(2, data.size());
        assertEquals(1, data.getJsonObject(1).getInteger("index"));
        assertEquals(server.config().embeddingDimensions(), data.getJsonObject(0).getJsonArray("embedding").size());
        assertNotEquals(data.getJsonObject(0).getJsonArray("embedding"),
                data.getJsonObject(1).getJsonArray("embedding"));
        assertEquals(3, reply.getJsonObject("usage").getInteger("prompt_tokens"));
        assertEquals(3, reply.getJsonObject("usage").getInteger("total_tokens"));
    }

    @Test
    void modelsListsTheConfiguredModelAndHealthIsUp() throws Exception {
        JsonObject models = json(SimClient.get(url("/v1/models")));
        HttpResponse<String> health = SimClient.get(url("/health"));

        assertEquals("list", models.getString("object"));
        assertEquals("sim-model", models.getJsonArray("data").getJsonObject(0).getString("id"));
        assertEquals("model", models.getJsonArray("data").getJsonObject(0).getString("object"));
        assertEquals(200, health.statusCode());
        assertEquals("UP", json(health).getString("status"));
        assertEquals(0, server.stats().received(), "probes are not counted as requests");
    }

    @Test
    void badJsonAndMissingFieldsGet400WithAnInvalidRequestError() throws Exception {
        HttpResponse<String> badJson = post(url("/v1/chat/completions"), "{\"messages\": [");
        HttpResponse<String> missing = post(url("/v1/chat/completions"), "{\"model\":\"sim-model\"}");

        assertEquals(400, badJson.statusCode());
        assertEquals("invalid_request_error", json(badJson).getJsonObject("error").getString("type"));
        assertEquals(400, missing.statusCode());
        assertTrue(json(missing).getJsonObject("error").getString("message").contains("messages"));
        assertEquals(2, server.stats().rejected());
        assertEquals(0, server.stats().inFlight());
    }

    @Test
    void anUnknownPathGets404() throws Exception {
        HttpResponse<String> response = SimClient.get(url("/v1/nothing"));

        assertEquals(404, response.statusCode());
        assertEquals("not_found_error", json(response).getJsonObject("error").getString("type"));
    }

    @Test
    void finishedRequestsAreCountedAsCompleted() throws Exception {
        post(url("/v1/chat/completions"), chatBody("a", 3, false));
        post(url("/v1/embeddings"), "{\"input\":\"b\"}");

        assertTrue(SimClient.eventually(() -> server.stats().completed() == 2));
        assertEquals(2, server.stats().received());
        assertEquals(0, server.stats().inFlight());
        assertEquals(3, server.stats().generatedTokens());
    }
}
