package dev.tokenlb.capacity;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.PoolOptions;

/**
 * Opens streamed chat completions through the gateway, one connection each (HTTP/1.1, as most OpenAI clients do), and
 * keeps a {@link StreamProbe} per stream: first chunk, events, a complete end ({@code [DONE]}) or the error.
 * Thread-safe.
 */
final class StreamClient implements AutoCloseable {

    private final HttpClient client;
    private final String host;
    private final int port;
    private final List<StreamProbe> probes = new CopyOnWriteArrayList<>();

    StreamClient(Vertx vertx, String baseUrl, int maxConnections) {
        java.net.URI uri = java.net.URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setConnectTimeout(10_000)
                .setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
    }

    List<StreamProbe> probes() {
        return probes;
    }

    /** Opens one stream of {@code tokens} tokens. */
    void open(int step, int tokens) {
        StreamProbe probe = new StreamProbe(step, System.nanoTime());
        probes.add(probe);
        String body = "{\"model\":\"m\",\"stream\":true,\"max_tokens\":" + tokens
                      + ",\"messages\":[{\"role\":\"user\",\"content\":\"stream " + probes.size() + "\"}]}";
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                        .setURI("/v1/chat/completions").putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(body)))
                .onSuccess(resp -> {
                    if (resp.statusCode() != 200) {
                        resp.body().onComplete(b -> end(probe, "status " + resp.statusCode() + ": "
                                                               + (b.succeeded() ? b.result().toString() : "")));
                        return;
                    }
                    StringBuilder tail = new StringBuilder();
                    resp.handler(chunk -> {
                        if (probe.firstChunkNanos == 0) {
                            probe.firstChunkNanos = System.nanoTime();
                        }
                        String text = chunk.toString();
                        int from = 0;
                        for (int i = text.indexOf("data: ", from); i >= 0; i = text.indexOf("data: ", i + 6)) {
                            probe.events++;
                        }
                        tail.append(text);
                        if (tail.length() > 64) {
                            tail.delete(0, tail.length() - 64);
                        }
                    });
                    resp.exceptionHandler(e -> end(probe, e.toString()));
                    resp.endHandler(v -> {
                        if (tail.indexOf("data: [DONE]") >= 0) {
                            probe.done = true;
                            end(probe, null);
                        } else {
                            end(probe, "ended without [DONE]: " + tail);
                        }
                    });
                })
                .onFailure(e -> end(probe, e.toString()));
    }

    private static void end(StreamProbe probe, String error) {
        if (probe.endNanos == 0) {
            probe.error = error;
            probe.endNanos = System.nanoTime();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
