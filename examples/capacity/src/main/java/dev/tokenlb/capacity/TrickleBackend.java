package dev.tokenlb.capacity;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A backend that streams slowly, as a GPU server under load does: every chat completion is answered as SSE, one token
 * every {@code intervalMillis}, {@code max_tokens} tokens in all, then a usage chunk and {@code [DONE]}. The first
 * token goes out at once, so the time to a stream's first chunk through the gateway is the gateway's own. Holds
 * thousands of streams on a couple of event loops. Thread-safe.
 */
final class TrickleBackend implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final long intervalMillis;
    private final AtomicInteger open = new AtomicInteger();

    TrickleBackend(Vertx vertx, long intervalMillis) throws Exception {
        this.vertx = vertx;
        this.intervalMillis = intervalMillis;
        this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    int open() {
        return open.get();
    }

    private void handle(HttpServerRequest request) {
        if (!"/v1/chat/completions".equals(request.path())) {
            request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\",\"data\":[]}");
            return;
        }
        request.body().onSuccess(body -> {
            int tokens = Math.max(1, new JsonObject(body).getInteger("max_tokens", 16));
            HttpServerResponse response = request.response().setChunked(true)
                    .putHeader("Content-Type", "text/event-stream");
            open.incrementAndGet();
            response.closeHandler(v -> open.decrementAndGet());
            send(response, 0, tokens);
        });
    }

    private void send(HttpServerResponse response, int sent, int tokens) {
        if (response.closed()) {
            return;
        }
        if (sent == tokens) {
            response.write("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":" + tokens
                           + ",\"total_tokens\":" + (tokens + 8) + "}}\n\n");
            response.end("data: [DONE]\n\n");
            open.decrementAndGet();
            return;
        }
        response.write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" t" + sent + "\"}}]}\n\n");
        vertx.setTimer(intervalMillis, id -> send(response, sent + 1, tokens));
    }

    @Override
    public void close() {
        server.close();
    }
}
