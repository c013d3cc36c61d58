package dev.tokenlb.gateway;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;

import dev.tokenlb.gateway.config.GatewayConfig;
import dev.tokenlb.gateway.config.GatewaySetup;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models configured in the backend list win over what the backends list themselves (the simulators list only
 * {@code sim-model}, and serve any model asked for); a request naming no model gets the default model; bad model
 * settings fail at start naming the setting.
 */
@Timeout(60)
class ConfiguredModelsGatewayTest extends GatewayTestSupport {

    @Override
    protected String backends() {
        return cluster.baseUrls().get(0) + ";models=llama|llama-sql," + cluster.baseUrls().get(1) + ";models=qwen";
    }

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.default-model", "qwen");
        return p;
    }

    @Test
    void configuredModelsWinOverTheBackendsOwnLists() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertEquals(200, post("/v1/chat/completions", chat("l" + i, false, 3).replace("sim-model", "llama"))
                    .statusCode());
            assertEquals(200, post("/v1/chat/completions", chat("q" + i, false, 3).replace("sim-model", "qwen"))
                    .statusCode());
        }
        awaitLedgerEmpty();
        assertEquals(4, cluster.backend(0).requestsFor("llama"));
        assertEquals(0, cluster.backend(0).requestsFor("qwen"));
        assertEquals(4, cluster.backend(1).requestsFor("qwen"));
        HttpResponse<String> listed = post("/v1/chat/completions", chat("s", false, 3));
        assertEquals(404, listed.statusCode(), "sim-model is what the backends list, but configured lists win");

        JsonObject status = (JsonObject) Jsoner.deserialize(getOps("/tokenlb/status").body());
        JsonObject first = (JsonObject) ((JsonArray) status.get("backends")).get(0);
        assertEquals(List.of("llama", "llama-sql"), first.get("models"));
        assertEquals("configured", first.getString("modelsFrom"));
    }

    @Test
    void aRequestNamingNoModelIsServedByTheDefaultModel() throws Exception {
        String body = "{\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"no model\"}]}";
        HttpResponse<String> r = post("/v1/chat/completions", body);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("qwen", ((JsonObject) Jsoner.deserialize(r.body())).getString("model"));
        assertEquals(1, cluster.backend(1).requestsFor("qwen"));
        awaitLedgerEmpty();
    }

    @Test
    void badModelSettingsFailAtStartNamingTheSetting() {
        for (String[] bad : new String[][] {
                {"tokenlb.model-aliases", "gpt-4o"},
                {"tokenlb.model-aliases", "a=b,b=c"},
                {"tokenlb.model-fallbacks", "llama=llama"},
                {"tokenlb.models-refresh-ms", "-1"},
                {"tokenlb.models-timeout-ms", "0"},
                {"tokenlb.models-path", "v1/models"}}) {
            Properties p = new Properties();
            p.setProperty("tokenlb.port", "0");
            p.setProperty("tokenlb.backends", "http://127.0.0.1:1");
            p.setProperty(bad[0], bad[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GatewaySetup.install(new DefaultCamelContext(), GatewayConfig.load(p)), bad[0]);
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
        Properties p = new Properties();
        p.setProperty("tokenlb.backends", "http://127.0.0.1:1;models=|");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewaySetup.install(new DefaultCamelContext(), GatewayConfig.load(p)));
        assertTrue(e.getMessage().contains("models of http://127.0.0.1:1"), e.getMessage());
    }
}
