package dev.tokenlb.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.tokenlb.gateway.errors.ClientReply;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The YAML routes load and serve every endpoint over real HTTP. */
class GatewayRoutesTest extends GatewayTestSupport {

    @Test
    void healthAnswersUpOnceTheRoutesAreStarted() throws Exception {
        HttpResponse<String> r = getOps("/health");
        assertEquals(200, r.statusCode());
        assertEquals("UP", ((JsonObject) Jsoner.deserialize(r.body())).getString("status"));
    }

    @Test
    void chatCompletionIsProxiedAndNamesTheBackendNotItsUrl() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat("hello there", false, 20));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject reply = (JsonObject) Jsoner.deserialize(r.body());
        assertEquals("chat.completion", reply.getString("object"));
        assertNotNull(reply.getMap("usage"));
        String backend = r.headers().firstValue(ClientReply.BACKEND_HEADER).orElseThrow();
        assertTrue(backend.startsWith("backend-"), backend);
        awaitLedgerEmpty();
        assertEquals(1, totalRequestsRouted());
    }

    @Test
    void completionsAndEmbeddingsAreProxied() throws Exception {
        HttpResponse<String> c = post("/v1/completions",
                "{\"model\":\"sim-model\",\"prompt\":\"Say hi\",\"max_tokens\":5}");
        assertEquals(200, c.statusCode(), c.body());
        assertEquals("text_completion", ((JsonObject) Jsoner.deserialize(c.body())).getString("object"));
        HttpResponse<String> e = post("/v1/embeddings", "{\"model\":\"sim-model\",\"input\":[\"a\",\"b\"]}");
        assertEquals(200, e.statusCode(), e.body());
        assertEquals(2, ((JsonObject) Jsoner.deserialize(e.body())).getCollection("data").size());
        awaitLedgerEmpty();
        assertEquals(2, totalRequestsRouted());
    }

    @Test
    void aBodySentAsFormDataLikeCurlDashDIsStillReadAsJson() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(chat("form encoded", false, 5))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("chat.completion", ((JsonObject) Jsoner.deserialize(r.body())).getString("object"));
    }

    @Test
    void modelsComeFromTheFirstBackendThatAnswers() throws Exception {
        cluster.backend(0).stop();
        HttpResponse<String> r = get("/v1/models");
        assertEquals(200, r.statusCode(), r.body());
        JsonArray data = (JsonArray) ((JsonObject) Jsoner.deserialize(r.body())).get("data");
        assertEquals("sim-model", ((JsonObject) data.get(0)).getString("id"));
    }

    @Test
    void aModelIsRetrievedByIdAndAnUnknownOneGetsAJson404() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models/sim-model"))
                .header("id", "other").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonObject model = (JsonObject) Jsoner.deserialize(r.body());
        assertEquals("sim-model", model.getString("id"));
        assertEquals("model", model.getString("object"));
        HttpResponse<String> missing = get("/v1/models/no-such-model");
        assertEquals(404, missing.statusCode(), missing.body());
        assertEquals("model_not_found", ReleasePathsTest.errorOf(missing.body()).getString("code"));
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models"))
                .header("id", "sim-model").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("list", ((JsonObject) Jsoner.deserialize(list.body())).getString("object"),
                "a client header named id does not turn the list into a retrieve");
    }

    @Test
    void statusShowsEveryBackendWithItsCounters() throws Exception {
        post("/v1/chat/completions", chat("count me", false, 10));
        awaitLedgerEmpty();
        HttpResponse<String> r = getOps("/tokenlb/status");
        assertEquals(200, r.statusCode());
        JsonObject status = (JsonObject) Jsoner.deserialize(r.body());
        assertEquals("latency", status.getString("strategy"));
        JsonArray backends = (JsonArray) status.get("backends");
        assertEquals(2, backends.size());
        long requests = 0;
        long tokens = 0;
        for (Object o : backends) {
            JsonObject b = (JsonObject) o;
            assertTrue(b.getString("url").startsWith("http://127.0.0.1:"));
            assertEquals(0L, ((Number) b.get("inflightTokens")).longValue());
            assertEquals(0L, ((Number) b.get("inflightRequests")).longValue());
            requests += ((Number) b.get("totalRequests")).longValue();
            tokens += ((Number) b.get("totalTokens")).longValue();
        }
        assertEquals(1, requests);
        assertTrue(tokens > 10, "prompt plus max_tokens were reserved: " + tokens);
    }
}
