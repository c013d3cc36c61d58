package dev.tokenlb.model;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.tokenlb.ledger.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Discovery against a real HTTP server on loopback whose {@code /v1/models} answer the test changes. */
@Timeout(30)
class ModelDiscoveryTest {

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>(list("llama"));
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicInteger asked = new AtomicInteger();
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/models", exchange -> {
            asked.incrementAndGet();
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        scheduler.shutdownNow();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String list(String... ids) {
        StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < ids.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\",\"object\":\"model\"}");
        }
        return sb.append("]}").toString();
    }

    private ModelDiscovery discovery(BackendModels models, long refreshMillis) {
        return new ModelDiscovery(List.of(new Target("gpu1", url(), 1)), new String[] {"Bearer k1"}, models,
                "/v1/models", refreshMillis, 1_000);
    }

    @Test
    void startReadsTheListsBeforeReturningAndSendsTheBackendsOwnKey() {
        BackendModels models = new BackendModels(List.of(ServedModels.UNKNOWN));
        discovery(models, 0).start(scheduler);
        assertEquals(List.of("llama"), List.copyOf(models.of(0).ids()));
        assertEquals("Bearer k1", authorization.get());
    }

    @Test
    void aModelAddedLaterIsSeenAtTheNextRefresh() throws Exception {
        BackendModels models = new BackendModels(List.of(ServedModels.UNKNOWN));
        ModelDiscovery discovery = discovery(models, 50);
        discovery.start(scheduler);
        body.set(list("llama", "sql-lora"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!models.of(0).serves("sql-lora") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of("llama", "sql-lora"), List.copyOf(models.of(0).ids()));
        discovery.stop();
    }

    @Test
    void aBackendWithoutTheListOrWithGarbageServesEveryModel() throws Exception {
        BackendModels models = new BackendModels(List.of(ServedModels.UNKNOWN));
        ModelDiscovery discovery = discovery(models, 0);
        discovery.discoverAll().get();
        assertEquals("llama", models.of(0).toString());
        status.set(404);
        discovery.discoverAll().get();
        assertFalse(models.of(0).known());

        status.set(200);
        body.set("<html>hello</html>");
        discovery.discoverAll().get();
        assertFalse(models.of(0).known());
    }

    @Test
    void aBackendThatStopsAnsweringKeepsItsLastList() throws Exception {
        BackendModels models = new BackendModels(List.of(ServedModels.UNKNOWN));
        ModelDiscovery discovery = discovery(models, 0);
        discovery.discoverAll().get();
        status.set(503);
        discovery.discoverAll().get();
        assertEquals("llama", models.of(0).toString(), "a 5xx keeps the list");
        server.stop(0);
        discovery.discoverAll().get();
        assertEquals("llama", models.of(0).toString(), "a refused connection keeps the list");
    }

    @Test
    void aConfiguredBackendIsNeverAsked() throws Exception {
        BackendModels models = new BackendModels(List.of(ServedModels.of(List.of("qwen"))));
        assertFalse(ModelDiscovery.needed(List.of(new Target("gpu1", url(), 1)), models));
        discovery(models, 0).discoverAll().get();
        assertEquals(0, asked.get());
        assertEquals("qwen", models.of(0).toString());
    }
}
