package dev.tokenlb.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny OpenAI-like backend on loopback for tests that must see exactly what the gateway sent (request line and
 * headers), or need a reply shape the simulator has no fault for. Answers every POST with a small chat completion;
 * with {@link #silentAfterFirstEvent} set, streams one SSE event and then goes silent for that long. It has no engine
 * metrics or models: {@code GET /metrics} and {@code GET /v1/models} get a 404 and are not recorded (the balancer's
 * scrapes and model discovery are not API calls; without a list, the backend is sent every model).
 */
final class RecordingBackend implements AutoCloseable {

    /** One request as received. */
    record Seen(String method, String uri, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    volatile long silentAfterFirstEvent;
    /** When above 0: stream 100 events, one every this many milliseconds. */
    volatile long trickleEveryMillis;
    /** When true: declare a 10,000-byte JSON body, send 20 bytes of it, and drop the connection. */
    volatile boolean breakPlainBody;

    RecordingBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Seen> seen() {
        return seen;
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().equals("/metrics")
                || exchange.getRequestURI().getPath().equals("/v1/models")) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders(), body));
        if (breakPlainBody) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 10_000);
            exchange.getResponseBody().write("{\"id\":\"x\",\"object\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            sleepQuietly(200);
            exchange.close();
            return;
        }
        long every = trickleEveryMillis;
        if (every > 0) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < 100; i++) {
                    out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" + i + "\"}}]}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(every);
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException | IOException e) {
                // cut off by the gateway, or stopped
            }
            exchange.close();
            return;
        }
        long silence = silentAfterFirstEvent;
        if (silence > 0) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                Thread.sleep(silence);
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException | IOException e) {
                // cut off by the gateway, or stopped
            }
            exchange.close();
            return;
        }
        byte[] reply = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Map<String, List<String>> lastHeaders() {
        return seen.get(seen.size() - 1).headers();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
