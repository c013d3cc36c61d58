package dev.tokenlb.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.sim.SimulatedLlmServer;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model-aware routing in the real gateway, models discovered from three simulated backends that serve only their own
 * (a request for another model would get the engine's 404, counted as {@link SimulatedLlmServer#WRONG_MODEL}):
 * backend-1 serves llama and its adapter sql-lora, backend-2 qwen, backend-3 llama and qwen.
 */
@Timeout(90)
class ModelRoutingGatewayTest extends GatewayTestSupport {

    @Override
    protected int backendCount() {
        return 3;
    }

    @Override
    protected String backends() {
        // each simulated backend is told its models before the gateway starts and discovers them
        cluster.backend(0).setModels("llama,sql-lora@llama");
        cluster.backend(1).setModels("qwen");
        cluster.backend(2).setModels("llama,qwen");
        return super.backends();
    }

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.models-refresh-ms", "100");
        p.setProperty("tokenlb.model-aliases", "gpt-4o=qwen");
        p.setProperty("tokenlb.model-fallbacks", "sql-lora=qwen");
        p.setProperty("tokenlb.max-attempts", "1");
        return p;
    }

    private static String chatFor(String model, String content) {
        return chat(content, false, 3).replace("sim-model", model);
    }

    private long wrongModelRequests() {
        return cluster.backends().stream().mapToLong(b -> b.requestsFor(SimulatedLlmServer.WRONG_MODEL)).sum();
    }

    private long received() {
        return cluster.backends().stream().mapToLong(b -> b.stats().received()).sum();
    }

    @Test
    void eachModelGoesOnlyToBackendsServingItAndAnAdapterToTheBackendListingIt() throws Exception {
        for (String model : List.of("llama", "qwen", "sql-lora")) {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = post("/v1/chat/completions", chatFor(model, model + " " + i));
                assertEquals(200, r.statusCode(), r.body());
            }
        }
        awaitLedgerEmpty();
        assertEquals(0, wrongModelRequests());
        assertEquals(6, cluster.backend(0).requestsFor("sql-lora"));
        assertEquals(6, cluster.backend(0).requestsFor("llama") + cluster.backend(2).requestsFor("llama"));
        assertEquals(6, cluster.backend(1).requestsFor("qwen") + cluster.backend(2).requestsFor("qwen"));
        assertTrue(cluster.backend(2).requestsFor("llama") > 0 && cluster.backend(2).requestsFor("qwen") > 0,
                "two models share backend-3");
    }

    @Test
    void aModelNoBackendServesGets404ModelNotFoundNothingReservedNoBackendCalled() throws Exception {
        long routed = totalRequestsRouted();
        long before = received();
        HttpResponse<String> r = post("/v1/chat/completions", chatFor("mistral", "hello"));
        assertEquals(404, r.statusCode(), r.body());
        JsonObject error = errorOf(r.body());
        assertEquals("model_not_found", error.getString("code"));
        assertEquals("invalid_request_error", error.getString("type"));
        assertEquals("The model 'mistral' does not exist", error.getString("message"));
        assertNothingReserved(routed);
        assertEquals(before, received(), "no backend was called");
    }

    @Test
    void anAliasIsServedByItsModelUnderThatModelsName() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chatFor("gpt-4o", "alias"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("qwen", ((JsonObject) Jsoner.deserialize(r.body())).getString("model"));
        assertEquals(0, wrongModelRequests());
        awaitLedgerEmpty();
    }

    @Test
    void whenEveryBackendOfAModelIsEjectedItsFallbackServesAndTheReplySaysSo() throws Exception {
        balancer().pauseBackend("backend-1", 60_000);
        HttpResponse<String> r = post("/v1/chat/completions", chatFor("sql-lora", "fallback"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("model=qwen; fallback-for=sql-lora", r.headers().firstValue("x-tokenlb-decision").orElse(null));
        assertEquals(0, cluster.backend(0).requestsFor("sql-lora"));
        assertEquals(0, wrongModelRequests());
        awaitLedgerEmpty();
    }

    @Test
    void whenEveryBackendOfAModelWithoutFallbackIsEjectedTheRequestGets503() throws Exception {
        balancer().pauseBackend("backend-1", 60_000);
        balancer().pauseBackend("backend-3", 60_000);
        long routed = totalRequestsRouted();
        HttpResponse<String> r = post("/v1/chat/completions", chatFor("llama", "nowhere"));
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("no_backend_available", errorOf(r.body()).getString("code"));
        assertTrue(errorOf(r.body()).getString("message").contains("serving model 'llama'"), r.body());
        assertNothingReserved(routed);
        assertEquals(200, post("/v1/chat/completions", chatFor("qwen", "still served")).statusCode(),
                "other models are not affected");
        awaitLedgerEmpty();
    }

    @Test
    void aModelABackendLoadsLaterIsRoutedThereAfterTheNextRefresh() throws Exception {
        assertEquals(404, post("/v1/chat/completions", chatFor("phi", "not yet")).statusCode());
        cluster.backend(1).setModels("qwen,phi");
        awaitTrue(() -> balancer().getModelCatalog().served("phi"), Duration.ofSeconds(5), () -> "phi not seen");
        HttpResponse<String> r = post("/v1/chat/completions", chatFor("phi", "now"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, cluster.backend(1).requestsFor("phi"));
        awaitLedgerEmpty();
    }

    @Test
    void theModelListMergesEveryBackendsModelsEachOnce() throws Exception {
        HttpResponse<String> r = get("/v1/models");
        assertEquals(200, r.statusCode(), r.body());
        List<String> ids = new ArrayList<>();
        JsonArray data = (JsonArray) ((JsonObject) Jsoner.deserialize(r.body())).get("data");
        for (Object m : data) {
            ids.add(((JsonObject) m).getString("id"));
        }
        assertEquals(List.of("llama", "sql-lora", "qwen", "gpt-4o"), ids);
        JsonObject adapter = (JsonObject) Jsoner.deserialize(get("/v1/models/sql-lora").body());
        assertEquals("llama", adapter.getString("parent"));
        assertNull(((JsonObject) Jsoner.deserialize(get("/v1/models/qwen").body())).get("parent"));
        assertEquals(404, get("/v1/models/mistral").statusCode());
    }

    @Test
    void statusShowsEachBackendsModels() throws Exception {
        JsonObject status = (JsonObject) Jsoner.deserialize(getOps("/tokenlb/status").body());
        JsonObject first = (JsonObject) ((JsonArray) status.get("backends")).get(0);
        assertEquals(List.of("llama", "sql-lora"), first.get("models"));
        assertEquals("discovered", first.getString("modelsFrom"));
    }

    @Test
    void underConcurrencyNoRequestReachesABackendWithoutItsModelAndTheLedgerEndsAtZero() throws Exception {
        int threads = 12;
        int perThread = 10;
        String[] models = {"llama", "qwen", "sql-lora"};
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            done.add(pool.submit(() -> {
                go.await();
                int failed = 0;
                for (int i = 0; i < perThread; i++) {
                    String model = models[(seed + i) % models.length];
                    String body = chat("c" + seed + "-" + i, i % 2 == 0, 4).replace("sim-model", model);
                    failed += post("/v1/chat/completions", body).statusCode() == 200 ? 0 : 1;
                }
                return failed;
            }));
        }
        go.countDown();
        int failed = 0;
        for (Future<Integer> f : done) {
            failed += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, failed);
        assertEquals(0, wrongModelRequests(), "no request reached a backend without its model");
        awaitLedgerEmpty();
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
    }
}
