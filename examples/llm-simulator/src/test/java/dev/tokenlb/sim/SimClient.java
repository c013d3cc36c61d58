package dev.tokenlb.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Real HTTP/1.1 calls to a simulated backend, and a reader of server-sent events that notes when each arrived. */
final class SimClient {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private SimClient() {
    }

    /** One event of a stream and when it arrived, in ms after the request was sent. */
    record Event(String data, double atMillis) {
    }

    /** A whole streamed reply; {@code brokenOff} if the connection ended without the chunked terminator. */
    record Streamed(int status, HttpHeaders headers, double headersAtMillis, List<Event> events, boolean brokenOff) {

        List<JsonObject> chunks() {
            List<JsonObject> chunks = new ArrayList<>();
            for (Event e : events) {
                if (!e.data().equals("[DONE]")) {
                    chunks.add(new JsonObject(e.data()));
                }
            }
            return chunks;
        }

        /** The concatenated {@code delta.content} (chat) or {@code text} (completions) of all chunks. */
        String text() {
            StringBuilder text = new StringBuilder();
            for (JsonObject chunk : chunks()) {
                JsonArray choices = chunk.getJsonArray("choices");
                if (!choices.isEmpty()) {
                    JsonObject choice = choices.getJsonObject(0);
                    JsonObject delta = choice.getJsonObject("delta");
                    String piece = delta != null ? delta.getString("content") : choice.getString("text");
                    text.append(piece == null ? "" : piece);
                }
            }
            return text.toString();
        }

        String lastData() {
            return events.isEmpty() ? null : events.get(events.size() - 1).data();
        }
    }

    static String chatBody(String content, Integer maxTokens, boolean stream) {
        JsonObject body = new JsonObject().put("model", "sim-model").put("messages", new JsonArray()
                .add(new JsonObject().put("role", "user").put("content", content)));
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        if (stream) {
            body.put("stream", true);
        }
        return body.encode();
    }

    static HttpRequest postRequest(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(25))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(postRequest(url, body), HttpResponse.BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> postAsync(String url, String body) {
        return HTTP.sendAsync(postRequest(url, body), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(25)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }

    /** Sends a streaming request and reads its events to the end (or to a broken-off connection). */
    static Streamed stream(String url, String body) throws IOException, InterruptedException {
        long sent = System.nanoTime();
        HttpResponse<Stream<String>> response = HTTP.send(postRequest(url, body), HttpResponse.BodyHandlers.ofLines());
        double headersAt = millisSince(sent);
        List<Event> events = new ArrayList<>();
        boolean brokenOff = false;
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data: ")) {
                    events.add(new Event(line.substring("data: ".length()), millisSince(sent)));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            brokenOff = true;
        }
        return new Streamed(response.statusCode(), response.headers(), headersAt, events, brokenOff);
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** Polls {@code condition} every few ms for up to 15 s (shared machines are slow at times); true if it held. */
    static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }

    /** A fast backend: every duration 50x shorter; output lengths as given, or the defaults. */
    static SimulatorConfig.Builder fastConfig() {
        return SimulatorConfig.builder().timeScale(0.02);
    }

    /** Every request generates exactly {@code tokens} tokens (unless max_tokens is smaller). */
    static OutputLengthModel fixedLength(int tokens) {
        return new OutputLengthModel(tokens, 0, 1, Math.max(tokens, 1), 0);
    }
}
