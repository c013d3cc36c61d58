package dev.tokenlb.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokenlb.ledger.Lease;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static dev.tokenlb.gateway.ReleasePathsTest.backendOf;
import static dev.tokenlb.gateway.ReleasePathsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LoRA adapters and per-model figures in the real gateway. backend-1 and backend-2 both serve llama and its adapter
 * sql-lora; only backend-2's engine reports sql-lora active (vLLM's {@code lora_requests_info} in its /metrics).
 * backend-3 serves qwen, sql-lora's fallback.
 */
@Timeout(90)
class LoraAdapterGatewayTest extends GatewayTestSupport {

    private static final Pattern SERIES = Pattern.compile("^(tokenlb_model_[a-z_]+_total)\\{model=\"([^\"]*)\"} (\\S+)$",
            Pattern.MULTILINE);

    @Override
    protected int backendCount() {
        return 3;
    }

    @Override
    protected String backends() {
        cluster.backend(0).setModels("llama,sql-lora@llama");
        cluster.backend(1).setModels("llama,sql-lora@llama");
        cluster.backend(1).setActiveAdapters(2, "sql-lora");
        cluster.backend(2).setModels("qwen");
        return super.backends();
    }

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.engine-metrics-interval-ms", "100");
        p.setProperty("tokenlb.model-fallbacks", "sql-lora=qwen");
        p.setProperty("tokenlb.max-attempts", "1");
        return p;
    }

    private static String chatFor(String model, String content) {
        return chat(content, false, 3).replace("sim-model", model);
    }

    private void awaitAdapterSeen() throws InterruptedException {
        awaitTrue(() -> balancer().getBalancer().activeAdapters(1).contains("sql-lora")
                        && balancer().getModelCatalog().served("sql-lora"),
                Duration.ofSeconds(10), () -> "backend-2's active adapters never scraped");
    }

    @Test
    void withEqualLoadAnAdapterRequestGoesWhereTheAdapterIsActive() throws Exception {
        awaitAdapterSeen();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = post("/v1/chat/completions", chatFor("sql-lora", "adapter " + i));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("backend-2", backendOf(r));
            awaitLedgerEmpty();
        }
        assertEquals(0, cluster.backend(0).requestsFor("sql-lora"));
        assertEquals(6, cluster.backend(1).requestsFor("sql-lora"));
        // the base model is not an adapter: it is still spread over both backends
        for (int i = 0; i < 6; i++) {
            assertEquals(200, post("/v1/chat/completions", chatFor("llama", "base " + i)).statusCode());
            awaitLedgerEmpty();
        }
        assertTrue(cluster.backend(0).requestsFor("llama") > 0, "backend-1 took some llama requests");
    }

    @Test
    void aMuchMoreLoadedBackendDoesNotGetTheRequestForItsActiveAdapter() throws Exception {
        awaitAdapterSeen();
        Lease heavy = ledger().reserveOn(1, 50_000); // backend-2 holds far more work than an adapter load is worth
        try {
            HttpResponse<String> r = post("/v1/chat/completions", chatFor("sql-lora", "bounded"));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("backend-1", backendOf(r));
        } finally {
            heavy.release();
        }
        awaitLedgerEmpty();
        assertEquals(1, cluster.backend(0).requestsFor("sql-lora"));
    }

    @Test
    void perModelFiguresAreCountedAndManyBogusModelNamesShareOneSeries() throws Exception {
        awaitAdapterSeen();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post("/v1/chat/completions", chatFor("sql-lora", "figures " + i)).statusCode());
        }
        long routed = totalRequestsRouted();
        for (int i = 0; i < 70; i++) {
            HttpResponse<String> r = post("/v1/chat/completions", chatFor("bogus-" + i, "who"));
            assertEquals(404, r.statusCode(), r.body());
        }
        assertNothingReserved(routed);
        balancer().pauseBackend("backend-1", 60_000);
        balancer().pauseBackend("backend-2", 60_000);
        HttpResponse<String> fallback = post("/v1/chat/completions", chatFor("sql-lora", "fallback"));
        assertEquals(200, fallback.statusCode(), fallback.body());
        awaitLedgerEmpty();

        String metrics = getOps("/metrics").body();
        List<String> tags = SERIES.matcher(metrics).results().map(m -> m.group(2)).distinct().sorted().toList();
        assertEquals(List.of("other", "qwen", "sql-lora"), tags, metrics);
        assertEquals(70.0, value(metrics, "tokenlb_model_rejected_total", "other"));
        assertEquals(3.0, value(metrics, "tokenlb_model_requests_total", "sql-lora"), "counted under the model served");
        assertEquals(1.0, value(metrics, "tokenlb_model_fallbacks_total", "sql-lora"));
        assertEquals(1.0, value(metrics, "tokenlb_model_requests_total", "qwen"), "the fallback is served as qwen");
        assertTrue(value(metrics, "tokenlb_model_prompt_tokens_total", "sql-lora") > 0, metrics);
        assertEquals(9.0, value(metrics, "tokenlb_model_output_tokens_total", "sql-lora"), "3 replies of 3 tokens");

        JsonObject status = json(getOps("/tokenlb/status").body());
        JsonArray traffic = (JsonArray) status.get("modelTraffic");
        assertEquals(3, traffic.size(), status.toJson());
        JsonObject other = (JsonObject) traffic.get(0);
        assertEquals("other", other.getString("model"));
        assertEquals(70L, other.getLong("rejected"));
        JsonObject backend2 = (JsonObject) ((JsonArray) status.get("backends")).get(1);
        assertEquals(List.of("sql-lora"), ((JsonObject) backend2.get("engine")).get("activeAdapters"));
    }

    private static double value(String metrics, String name, String model) {
        Matcher m = SERIES.matcher(metrics);
        while (m.find()) {
            if (m.group(1).equals(name) && m.group(2).equals(model)) {
                return Double.parseDouble(m.group(3));
            }
        }
        throw new AssertionError("no " + name + "{model=\"" + model + "\"} in\n" + metrics);
    }
}
