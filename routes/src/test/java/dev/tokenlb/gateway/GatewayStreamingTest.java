package dev.tokenlb.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tokenlb.gateway.errors.ClientReply;
import dev.tokenlb.sim.OutputLengthModel;
import dev.tokenlb.sim.SimulatorConfig;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stream: true} through the real gateway: events reach the client as the backend produces them, exactly as the
 * backend sent them, with SSE headers; the stream's tokens stay reserved until its last event, then return to 0.
 */
class GatewayStreamingTest extends GatewayTestSupport {

    static final String CHAT = "/v1/chat/completions";

    /** One token per event; HTTP/1.1 like most OpenAI clients, one connection per stream. */
    final HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Every request generates exactly its max_tokens (no random natural length), at about 8 ms a token: 200 tokens
     * take about 1.6 s.
     */
    @Override
    protected SimulatorConfig simulatorConfig() {
        return fixedLengthConfig(0.5);
    }

    static SimulatorConfig fixedLengthConfig(double timeScale) {
        return SimulatorConfig.defaults().toBuilder().timeScale(timeScale)
                .outputLengths(new OutputLengthModel(2000, 0, 1, 2000, 0)).build();
    }

    @Test
    void firstEventReachesTheClientLongBeforeTheLast() throws Exception {
        // a cold JVM loads and compiles the whole path on the first request; that is not what is measured here
        post(CHAT, chat("warm up", true, 5));
        try (SseStream s = SseStream.open(http11, baseUrl() + CHAT, chat("stream me a long story", true, 200))) {
            assertEquals(200, s.response.statusCode());
            List<Event> events = s.rest();
            long first = s.millisUntil(events.get(0));
            long last = s.millisUntil(events.get(events.size() - 1));
            long inFirstHalf = events.stream().filter(e -> s.millisUntil(e) < last / 2).count();
            System.out.printf("streaming: %d events, first after %d ms, last after %d ms, %d in the first half%n",
                    events.size(), first, last, inFirstHalf);
            assertEquals(202, events.size(), "200 tokens, the finish event and [DONE]");
            assertTrue(last >= 800, "the simulated generation takes about 1.6 s, so the stream must too: " + last);
            assertTrue(first < last / 2, "first event after " + first + " ms of " + last);
            assertTrue(inFirstHalf >= events.size() / 4,
                    "events trickle in as generated, not in one burst at the end: " + inFirstHalf + " in the first half");
        }
        awaitLedgerEmpty();
    }

    @Test
    void clientReceivesExactlyTheEventsTheBackendSentInOrder() throws Exception {
        String body = chat("the same request twice", true, 40);
        List<Event> viaGateway;
        String backend;
        try (SseStream s = SseStream.open(http11, baseUrl() + CHAT, body)) {
            backend = s.response.headers().firstValue(ClientReply.BACKEND_HEADER).orElseThrow();
            viaGateway = s.rest();
        }
        List<Event> direct;
        try (SseStream s = SseStream.open(http11, backendUrl(backend) + CHAT, body)) {
            direct = s.rest();
        }
        assertEquals(direct.size(), viaGateway.size(), "number of events");
        assertEquals(contents(direct), contents(viaGateway), "delta.content, in order");
        assertEquals(finishReasons(direct), finishReasons(viaGateway));
        assertEquals(List.of("length"), finishReasons(viaGateway));
        assertEquals("[DONE]", viaGateway.get(viaGateway.size() - 1).data());
        assertEquals(40, contents(viaGateway).size());
        awaitLedgerEmpty();
    }

    @Test
    void usageChunkRequestedWithIncludeUsagePassesThrough() throws Exception {
        String body = "{\"model\":\"sim-model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                      + "\"max_tokens\":12,\"messages\":[{\"role\":\"user\",\"content\":\"count my tokens\"}]}";
        List<Event> events;
        try (SseStream s = SseStream.open(http11, baseUrl() + CHAT, body)) {
            events = s.rest();
        }
        assertEquals("[DONE]", events.get(events.size() - 1).data());
        JsonObject usageChunk = events.get(events.size() - 2).json();
        assertTrue(((JsonArray) usageChunk.get("choices")).isEmpty(), usageChunk.toJson());
        JsonObject usage = (JsonObject) usageChunk.get("usage");
        assertNotNull(usage, usageChunk.toJson());
        long prompt = ((Number) usage.get("prompt_tokens")).longValue();
        long completion = ((Number) usage.get("completion_tokens")).longValue();
        assertEquals(12, completion);
        assertTrue(prompt > 0);
        assertEquals(prompt + completion, ((Number) usage.get("total_tokens")).longValue());
        for (Event e : events.subList(0, events.size() - 2)) {
            assertNull(e.json().get("usage"), "only the last chunk carries usage");
        }
        awaitLedgerEmpty();
    }

    @Test
    void streamedReplyIsAnUncachedEventStream() throws Exception {
        try (SseStream s = SseStream.open(http11, baseUrl() + CHAT, chat("headers please", true, 3))) {
            assertEquals(200, s.response.statusCode());
            String contentType = s.response.headers().firstValue("Content-Type").orElse("");
            assertTrue(contentType.startsWith("text/event-stream"), contentType);
            assertEquals("no-cache", s.response.headers().firstValue("Cache-Control").orElse(null));
            s.rest();
        }
        awaitLedgerEmpty();
    }

    @Test
    void openStreamHoldsItsTokensUntilItsLastEventThenTheLedgerIsEmpty() throws Exception {
        try (SseStream s = SseStream.open(http11, baseUrl() + CHAT, chat("hold my tokens", true, 200))) {
            assertNotNull(s.next(), "first event");
            // the lease may count down as the reply goes by (decay), but it is held until the last byte
            assertEquals(1, ledger().totalInflightRequests());
            assertTrue(ledger().totalInflightTokens() > 0, "tokens held mid-stream: " + ledger().totalInflightTokens());
            List<Event> rest = s.rest();
            assertEquals("[DONE]", rest.get(rest.size() - 1).data());
        }
        awaitLedgerEmpty();
        assertEquals(1, totalRequestsRouted());
    }

    /** {@code backend-N} (the gateway's name for its N-th backend) to that simulated backend's base URL. */
    String backendUrl(String backendName) {
        assertTrue(backendName.startsWith("backend-"), backendName);
        return cluster.backend(Integer.parseInt(backendName.substring("backend-".length())) - 1).baseUrl();
    }

    static List<String> contents(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            JsonObject choice = e.choice();
            JsonObject delta = choice == null ? null : (JsonObject) choice.get("delta");
            if (delta != null && delta.get("content") != null) {
                out.add(delta.getString("content"));
            }
        }
        return out;
    }

    static List<String> finishReasons(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            JsonObject choice = e.choice();
            if (choice != null && choice.get("finish_reason") != null) {
                out.add(choice.getString("finish_reason"));
            }
        }
        return out;
    }

    /** One server-sent event: its data lines (joined by \n) and when its blank line arrived. */
    record Event(long arrivedNanos, String data) {
        boolean done() {
            return "[DONE]".equals(data);
        }

        JsonObject json() throws Exception {
            return (JsonObject) Jsoner.deserialize(data);
        }

        /** choices[0], or null for [DONE] and the usage chunk. */
        JsonObject choice() {
            if (done()) {
                return null;
            }
            try {
                JsonArray choices = (JsonArray) json().get("choices");
                return choices == null || choices.isEmpty() ? null : (JsonObject) choices.get(0);
            } catch (Exception ex) {
                throw new AssertionError("not a JSON event: " + data, ex);
            }
        }
    }

    /**
     * A streamed reply read line by line as it arrives, like a naive SSE client, noting when each event came.
     * Not thread-safe; one per stream. Also used by {@link StalledStreamsTest}.
     */
    static final class SseStream implements AutoCloseable {
        final long sentNanos;
        final HttpResponse<InputStream> response;
        private final BufferedReader reader;

        private SseStream(long sentNanos, HttpResponse<InputStream> response) {
            this.sentNanos = sentNanos;
            this.response = response;
            this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        }

        /** Sends the POST and returns once the response headers are in. */
        static SseStream open(HttpClient http, String url, String body) throws IOException, InterruptedException {
            long sent = System.nanoTime();
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
            return new SseStream(sent, response);
        }

        /** The next whole event, or null at the end of the stream. */
        Event next() throws IOException {
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        return new Event(System.nanoTime(), data.toString());
                    }
                } else if (line.startsWith("data:")) {
                    String value = line.startsWith("data: ") ? line.substring(6) : line.substring(5);
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            if (data != null) {
                throw new AssertionError("the stream ended inside an event: " + data);
            }
            return null;
        }

        /** Every remaining event, up to the end of the stream. */
        List<Event> rest() throws IOException {
            List<Event> events = new ArrayList<>();
            for (Event e = next(); e != null; e = next()) {
                events.add(e);
            }
            return events;
        }

        long millisUntil(Event e) {
            return (e.arrivedNanos() - sentNanos) / 1_000_000;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
