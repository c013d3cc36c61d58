package dev.tokenlb.gateway.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers that outlive their responses count against {@code max-concurrent}, so the guard sheds before the worker
 * pool is exhausted; and a request the pool refuses all the same gets a JSON 503 with {@code Retry-After}, not Vert.x's
 * plain-text 500. Real Vert.x server and worker pools, real HTTP on loopback.
 */
class WorkerOverloadTest {

    private static final int MAX_CONCURRENT = 4;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger counted503 = new AtomicInteger();
    private Vertx vertx;
    private HttpGuard guard;
    private int port;

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void busyWorkersAtTheLimitShedNewRequests() throws Exception {
        start();
        assertEquals(200, post("/v1/chat/completions").statusCode());

        busy.set(MAX_CONCURRENT); // e.g. workers still running for clients that hung up
        HttpResponse<String> shed = post("/v1/chat/completions");
        assertEquals(503, shed.statusCode(), shed.body());
        assertEquals("gateway_overloaded", code(shed));
        assertEquals("1", shed.headers().firstValue("Retry-After").orElse(null));

        busy.set(MAX_CONCURRENT - 1);
        assertEquals(200, post("/v1/chat/completions").statusCode());
        assertEquals(0, guard.inflight());
        assertEquals(1, counted503.get(), "each refusal counted once");
    }

    @Test
    void aRequestTheWorkerPoolRefusesGetsAJson503() throws Exception {
        start();
        HttpResponse<String> refused = post("/v1/refused");
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("gateway_overloaded", code(refused));
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        assertEquals(0, guard.inflight());
        assertEquals(1, counted503.get(), "counted once, by the reply's head");

        HttpResponse<String> broken = post("/v1/broken");
        assertEquals(500, broken.statusCode(), broken.body());
        assertEquals("gateway_error", code(broken));
        assertEquals(200, post("/v1/chat/completions").statusCode(), "still serving");
    }

    /** The counter behind the guard: tasks count from hand-over to end, refused ones not at all. */
    @Test
    void workerThreadsCountTasksUntilTheyEnd() throws Exception {
        VertxOptions options = new VertxOptions().setWorkerPoolSize(2);
        WorkerThreads workers = WorkerThreads.start(options, "false");
        vertx = workers.vertx();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            vertx.executeBlocking(() -> {
                running.countDown();
                release.await();
                return null;
            }, false);
        }
        assertTrue(running.await(5, TimeUnit.SECONDS));
        assertEquals(2, workers.busy());
        AtomicInteger refusals = new AtomicInteger();
        vertx.executeBlocking(() -> null, false).onFailure(e -> {
            if (e instanceof RejectedExecutionException) {
                refusals.incrementAndGet();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (refusals.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, refusals.get(), "a third task is refused by a full pool of two");
        assertEquals(2, workers.busy(), "a refused task is not counted");
        release.countDown();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (workers.busy() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, workers.busy());
    }

    private void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        HttpGuard.Limits limits = new HttpGuard.Limits(1 << 20, MAX_CONCURRENT, 10_000, List.of(), () -> false,
                busy::get, null);
        guard = HttpGuard.install(router, limits, new ClientHangups(), status -> {
            if (status == 503) {
                counted503.incrementAndGet();
            }
        });
        router.post("/v1/chat/completions").handler(ctx -> ctx.response().end("ok"));
        // as platform-http does when Vert.x refuses its executeBlocking
        router.post("/v1/refused").handler(ctx -> ctx.fail(new RejectedExecutionException()));
        router.post("/v1/broken").handler(ctx -> ctx.fail(new IllegalStateException("broken")));
        HttpServer server = vertx.createHttpServer().requestHandler(router);
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) throws Exception {
        JsonObject body = (JsonObject) Jsoner.deserialize(response.body());
        return ((JsonObject) body.get("error")).getString("code");
    }
}
