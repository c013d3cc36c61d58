package dev.tokenlb.sim;

import java.net.http.HttpResponse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A backend's model list: listed by {@code /v1/models} with adapters' parents, enforced when given, changeable. */
@Timeout(30)
class ServedModelsTest {

    private SimulatedLlmServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aGivenListIsListedWithAdaptersAndRequestsForOtherModelsGetVllmsNotFound() throws Exception {
        server = SimulatedLlmServer.start(SimClient.fastConfig().models("llama,sql-lora@llama").build());
        JsonArray data = SimClient.json(SimClient.get(server.baseUrl() + "/v1/models")).getJsonArray("data");
        assertEquals(2, data.size());
        assertNull(data.getJsonObject(0).getValue("parent"));
        assertEquals("sql-lora", data.getJsonObject(1).getString("id"));
        assertEquals("llama", data.getJsonObject(1).getString("parent"));

        String forSql = SimClient.chatBody("hi", 3, false).replace("sim-model", "sql-lora");
        assertEquals(200, SimClient.post(server.baseUrl() + "/v1/chat/completions", forSql).statusCode());
        String forQwen = SimClient.chatBody("hi", 3, false).replace("sim-model", "qwen");
        HttpResponse<String> refused = SimClient.post(server.baseUrl() + "/v1/chat/completions", forQwen);
        assertEquals(404, refused.statusCode());
        assertEquals(1, server.requestsFor("sql-lora"));
        assertEquals(1, server.requestsFor(SimulatedLlmServer.WRONG_MODEL));
    }

    @Test
    void aModelLoadedLaterIsListedAndServed() throws Exception {
        server = SimulatedLlmServer.start(SimClient.fastConfig().models("llama").build());
        server.setModels("llama,qwen");
        JsonObject list = SimClient.json(SimClient.get(server.baseUrl() + "/v1/models"));
        assertEquals("qwen", list.getJsonArray("data").getJsonObject(1).getString("id"));
        String forQwen = SimClient.chatBody("hi", 3, false).replace("sim-model", "qwen");
        assertEquals(200, SimClient.post(server.baseUrl() + "/v1/chat/completions", forQwen).statusCode());
    }
}
