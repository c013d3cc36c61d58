package dev.tokenlb.example.springboot;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring Boot gateway end to end: real application, real Tomcat on loopback, real simulated backends. Streams
 * reach the client event by event and hold their tokens until their last byte; many streams run at once; bad JSON gets
 * the standalone gateway's OpenAI-style 400 with nothing reserved; actuator health and Prometheus show the balancer.
 */
class SpringBootGatewayTest extends GatewayAppSupport {

    static final String CHAT = "/v1/chat/completions";

    @Test
    void streamedReplyArrivesChunkByChunkAndTheLedgerReturnsToZeroAfterTheLastByte() throws Exception {
        post(CHAT, chat("warm up", true, 5)); // a cold JVM loads and compiles the whole path on the first request
        awaitLedgerEmpty();
        try (SseStream s = SseStream.open(http, baseUrl() + CHAT, chat("stream me a long story", true, 200))) {
            assertEquals(200, s.response.statusCode());
            assertTrue(s.response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            assertEquals("no-cache", s.response.headers().firstValue("Cache-Control").orElse(null));
            assertTrue(s.response.headers().firstValue(ServletRelay.BACKEND_HEADER).isPresent());
            SseStream.Event first = s.next();
            assertNotNull(first);
            assertEquals(1, ledger().totalInflightRequests(), "the stream holds its lease while it runs");
            assertTrue(ledger().totalInflightTokens() > 0, "tokens held mid-stream");
            List<SseStream.Event> events = new ArrayList<>(List.of(first));
            events.addAll(s.rest());
            long firstMs = s.millisUntil(first);
            long lastMs = s.millisUntil(events.get(events.size() - 1));
            long inFirstHalf = events.stream().filter(e -> s.millisUntil(e) < lastMs / 2).count();
            System.out.printf("spring-boot streaming: %d events, first after %d ms, last after %d ms, %d in the first"
                              + " half%n", events.size(), firstMs, lastMs, inFirstHalf);
            assertEquals(202, events.size(), "200 tokens, the finish event and [DONE]");
            assertEquals("[DONE]", events.get(events.size() - 1).data());
            assertTrue(lastMs >= 800, "the simulated generation takes about 1.6 s, so the stream must too: " + lastMs);
            assertTrue(firstMs < lastMs / 4, "first event after " + firstMs + " ms of " + lastMs);
            assertTrue(inFirstHalf >= events.size() / 4,
                    "events trickle in as generated, not in one burst at the end: " + inFirstHalf + " in the first half");
        }
        awaitLedgerEmpty();
    }

    /**
     * More streams than Spring Boot's default task pool (8) at once: each must start before any ends, so none waits
     * for another's thread; all complete and the ledger returns to exactly 0.
     */
    @Test
    void concurrentStreamsRunIndependentlyAndReleaseEveryToken() throws Exception {
        int streams = 16;
        ExecutorService clients = Executors.newFixedThreadPool(streams);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                int n = i;
                results.add(clients.submit(() -> {
                    start.await();
                    try (SseStream s = SseStream.open(http, baseUrl() + CHAT, chat("stream " + n, true, 120))) {
                        assertEquals(200, s.response.statusCode());
                        List<SseStream.Event> events = s.rest();
                        assertEquals(122, events.size(), "stream " + n);
                        return new long[] {events.get(0).arrivedNanos(), events.get(events.size() - 1).arrivedNanos()};
                    }
                }));
            }
            start.countDown();
            long latestFirst = Long.MIN_VALUE;
            long earliestLast = Long.MAX_VALUE;
            for (Future<long[]> r : results) {
                long[] firstAndLast = r.get(60, TimeUnit.SECONDS);
                latestFirst = Math.max(latestFirst, firstAndLast[0]);
                earliestLast = Math.min(earliestLast, firstAndLast[1]);
            }
            assertTrue(latestFirst < earliestLast, "every stream had started before the first one ended ("
                    + (latestFirst - earliestLast) / 1_000_000 + " ms late)");
        } finally {
            clients.shutdownNow();
        }
        awaitLedgerEmpty();
        assertTrue(ledger().snapshot().stream().allMatch(t -> t.totalRequests() > 0), "both backends took streams");
    }

    /**
     * A client that hangs up mid-stream: the next write fails, the backend reply is aborted and the lease released,
     * long before the 2,000-token reply would have ended (about 16 s).
     */
    @Test
    void clientHangingUpMidStreamReleasesItsTokensAtOnce() throws Exception {
        long start = System.nanoTime();
        try (SseStream s = SseStream.open(http, baseUrl() + CHAT, chat("an endless story", true, 2000))) {
            assertNotNull(s.next());
            assertEquals(1, ledger().totalInflightRequests());
        } // closing the body closes the connection
        awaitLedgerEmpty();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 8_000, "released " + millis + " ms after the stream started, not at its natural end");
    }

    @Test
    void plainReplyPassesThroughWithTheBackendNamed() throws Exception {
        HttpResponse<String> reply = post(CHAT, chat("hello", false, 7));
        assertEquals(200, reply.statusCode(), reply.body());
        JsonObject json = (JsonObject) Jsoner.deserialize(reply.body());
        assertEquals(7, ((Number) ((JsonObject) json.get("usage")).get("completion_tokens")).intValue());
        assertTrue(reply.headers().firstValue(ServletRelay.BACKEND_HEADER).orElse("").startsWith("backend-"));
        awaitLedgerEmpty();
    }

    @Test
    void malformedJsonGetsAnOpenAiStyle400AndReservesNothing() throws Exception {
        awaitLedgerEmpty();
        long routedBefore = totalRequestsRouted();
        HttpResponse<String> reply = post(CHAT, "{\"model\":\"sim-model\",\"messages\":[");
        assertEquals(400, reply.statusCode(), reply.body());
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject error = (JsonObject) ((JsonObject) Jsoner.deserialize(reply.body())).get("error");
        assertNotNull(error, reply.body());
        assertEquals("invalid_request_error", error.get("type"));
        assertTrue(((String) error.get("message")).contains("JSON"), reply.body());
        assertNothingReserved(routedBefore);
    }

    @Test
    void aModelNoBackendServesGets404ModelNotFoundAndReservesNothing() throws Exception {
        awaitLedgerEmpty();
        long routedBefore = totalRequestsRouted();
        HttpResponse<String> reply = post(CHAT,
                "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(404, reply.statusCode(), reply.body());
        JsonObject error = (JsonObject) ((JsonObject) Jsoner.deserialize(reply.body())).get("error");
        assertNotNull(error, reply.body());
        assertEquals("model_not_found", error.get("code"));
        assertNothingReserved(routedBefore);
    }

    /** {@code curl -d} sends JSON as a form: it is served as JSON, and a real form gets the 400, nothing reserved. */
    @Test
    void bodyPostedAsAFormIsReadAsJson() throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + CHAT))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(chat("as a form", false, 3))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
        awaitLedgerEmpty();
        long routedBefore = totalRequestsRouted();
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + CHAT))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("model=sim-model&stream=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, form.statusCode(), form.body());
        assertTrue(form.body().contains("\"invalid_request_error\""), form.body());
        assertNothingReserved(routedBefore);
    }

    @Test
    void actuatorHealthIncludesTheBalancer() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertEquals(200, health.statusCode(), health.body());
        JsonObject components = (JsonObject) ((JsonObject) Jsoner.deserialize(health.body())).get("components");
        JsonObject tokenLb = (JsonObject) components.get("tokenLb");
        assertNotNull(tokenLb, health.body());
        assertEquals("UP", tokenLb.get("status"));
        JsonObject details = (JsonObject) tokenLb.get("details");
        assertEquals(2, ((Number) details.get("tokenLb.backends")).intValue(), health.body());
        assertEquals(2, ((Number) details.get("tokenLb.usable")).intValue(), health.body());
    }

    @Test
    void prometheusEndpointShowsTheTokenlbMeters() throws Exception {
        assertEquals(200, post(CHAT, chat("count me", false, 3)).statusCode());
        awaitLedgerEmpty();
        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertEquals(200, scrape.statusCode());
        String text = scrape.body();
        for (String series : new String[] {
                "tokenlb_inflight_tokens{balancer=\"tokenLb\"} 0.0",
                "tokenlb_backend_inflight_tokens{backend=\"backend-1\",balancer=\"tokenLb\"} 0.0",
                "tokenlb_backend_usable{backend=\"backend-2\",balancer=\"tokenLb\"} 1.0",
                "tokenlb_backend_routed_tokens_total{backend=\"backend-1\"",
                "tokenlb_pick_seconds_count{balancer=\"tokenLb\"}"}) {
            assertTrue(text.contains(series), series + " missing from\n" + text);
        }
        double answered = text.lines()
                .filter(l -> l.startsWith("tokenlb_backend_attempts_total{") && l.contains("outcome=\"answered\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertTrue(answered >= 1, "answered attempts counted: " + answered);
    }
}
