package dev.tokenlb.overhead;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A zero-latency OpenAI-compatible backend on 127.0.0.1 (a free port): {@code POST /v1/chat/completions} is answered
 * as soon as its body is in, with {@link FakeReplies#COMPLETION}, or, when the request says {@code "stream":true},
 * with the events of {@link FakeReplies#STREAM_EVENTS}, chunked; {@code GET /health} and {@code /v1/models} answer
 * 200. Thread-safe.
 */
final class FakeBackend implements AutoCloseable {

    private final HttpServer server;

    private FakeBackend(HttpServer server) {
        this.server = server;
    }

    static FakeBackend start(Vertx vertx) throws Exception {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
            .setTcpNoDelay(true));
        server.requestHandler(FakeBackend::handle);
        return new FakeBackend(server.listen().toCompletionStage().toCompletableFuture().get());
    }

    int port() {
        return server.actualPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    private static void handle(HttpServerRequest request) {
        String path = request.path();
        if ("/v1/chat/completions".equals(path) && request.method().name().equals("POST")) {
            request.body().onSuccess(body -> {
                // a cheap look for the flag: only our own load generator, the gateway and nginx talk to this server
                if (body.length() > 0 && isStream(body.toString())) {
                    HttpServerResponse response = request.response().setChunked(true)
                        .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
                    for (Buffer event : FakeReplies.STREAM_EVENTS) {
                        response.write(event);
                    }
                    response.end();
                } else {
                    request.response().putHeader("Content-Type", "application/json").end(FakeReplies.COMPLETION);
                }
            });
        } else if ("/health".equals(path)) {
            request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}");
        } else if ("/v1/models".equals(path)) {
            request.response().putHeader("Content-Type", "application/json")
                .end("{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\"}]}");
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    static boolean isStream(String body) {
        int at = body.indexOf("\"stream\"");
        if (at < 0) {
            return false;
        }
        // compact JSON from our generator and from the gateway: "stream":true; otherwise parse to be sure
        if (body.startsWith("\"stream\":true", at)) {
            return true;
        }
        if (body.startsWith("\"stream\":false", at)) {
            return false;
        }
        return new JsonObject(body).getBoolean("stream", false);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
    }
}
