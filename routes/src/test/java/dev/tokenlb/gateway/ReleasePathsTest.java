package dev.tokenlb.gateway;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.tokenlb.gateway.errors.ClientReply;
import dev.tokenlb.ledger.TargetStats;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.sim.OutputLengthModel;
import dev.tokenlb.sim.SimulatorConfig;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every way a proxied request can end gives its tokens back exactly once, over real HTTP in front of two simulated
 * backends. Each test asserts, per backend, in-flight tokens and requests of exactly 0 (a missing release leaves them
 * positive, a doubled one makes them negative; totals could hide a +1 and a -1 on two backends) and the exact number
 * of leases granted, and re-reads the ledger a moment later so a late second release is caught too.
 * <p>
 * The setups that differ (a refused backend, a short read timeout) have classes of their own:
 * {@link ReleasePathsOnRefusedConnectionTest}, {@link ReleasePathsOnReadTimeoutTest}.
 */
@Timeout(60)
class ReleasePathsTest extends GatewayTestSupport {

    /** Every request generates exactly its max_tokens (up to 2000): replies are as long as each test needs. */
    @Override
    protected SimulatorConfig simulatorConfig() {
        return SimulatorConfig.defaults().toBuilder().timeScale(0.2)
                .outputLengths(new OutputLengthModel(2000, 0, 1, 2000, 0)).build();
    }

    @Test
    void successfulRequestReleasesItsLeaseOnce() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat("hello", false, 20));

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("chat.completion", json(r.body()).getString("object"));
        assertSettled(ledger(), leases(backendOf(r), 1));
    }

    @Test
    void streamedRequestReleasesItsLeaseAfterTheLastEvent() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat("stream me", true, 30));

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"chat.completion.chunk\""), r.body());
        assertTrue(r.body().stripTrailing().endsWith("data: [DONE]"), r.body());
        assertSettled(ledger(), leases(backendOf(r), 1));
    }

    @Test
    void backendErrorStatusIsPassedThroughAndItsLeaseReleased() throws Exception {
        cluster.backends().forEach(b -> b.setFailureStatus(500));

        HttpResponse<String> r = post("/v1/chat/completions", chat("fail please", false, 20));

        assertEquals(500, r.statusCode(), r.body());
        JsonObject error = errorOf(r.body());
        assertTrue(error.getString("message").contains("simulated failure"), r.body());
        assertEquals("server_error", error.getString("type"));
        // a 500 is an answer, not a refused connection: no failover, one lease
        assertSettled(ledger(), leases(backendOf(r), 1));
    }

    @Test
    void backendDroppingTheStreamMidwayEndsItWithAnErrorEventAndReleases() throws Exception {
        cluster.backends().forEach(b -> b.setDropMidStreamAfterTokens(5));

        HttpResponse<String> r = post("/v1/chat/completions", chat("drop me", true, 200));

        // the status line went out with the first event: RelayResponse ends the stream with an error event instead
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"backend_stream_failed\""), r.body());
        assertFalse(r.body().contains("[DONE]"), r.body());
        String lastEvent = lastDataLine(r.body());
        assertNotNull(errorOf(lastEvent.substring("data: ".length())).getString("message"));
        assertSettled(ledger(), leases(backendOf(r), 1));
        assertEquals(1, cluster.backends().stream().mapToLong(b -> b.stats().dropped()).sum());
    }

    @Test
    void backendDroppingBeforeAnyReplyFailsOverThenGives502AndReleasesEachAttempt() throws Exception {
        // a non-streamed reply is sent whole at the end, so the drop comes before the status line: no reply byte
        // reached the client, so the gateway tries the other backend (NoHttpResponseException is a failover
        // exception), which drops too
        cluster.backends().forEach(b -> b.setDropMidStreamAfterTokens(5));

        HttpResponse<String> r = post("/v1/chat/completions", chat("drop me too", false, 200));

        assertEquals(502, r.statusCode(), r.body());
        assertTrue(errorOf(r.body()).getString("message").matches(".*backend-\\d.*"), r.body());
        assertSettled(ledger(), leases("backend-1", 1, "backend-2", 1));
    }

    @Test
    void clientHangingUpMidStreamAbortsTheBackendAndReleasesAtOnce() throws Exception {
        // 2000 tokens at 3 ms a step (15 ms x timeScale 0.2): the backend would generate for at least 6 s
        String body = chat("a very long story", true, 2000);
        long closedAt;
        String backend;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout(10_000);
            sendPost(socket, "/v1/chat/completions", body);
            backend = readHeadersAndFirstEvent(socket);
            assertEquals(1, ledger().totalInflightRequests(), "the stream holds its lease while it runs");
            closedAt = System.nanoTime();
        } // closing the socket is the hang-up

        awaitTrue(() -> allZero(ledger()), Duration.ofSeconds(2), () -> "not released: " + ledger().snapshot());
        long releasedAfterMillis = (System.nanoTime() - closedAt) / 1_000_000;
        assertTrue(releasedAfterMillis < 2_000, "released " + releasedAfterMillis + " ms after the hang-up");
        assertSettled(ledger(), leases(backend, 1));
        // the upstream request was aborted, not drained: the backend saw it cancelled and never completed it
        awaitTrue(() -> cancelled() == 1, Duration.ofSeconds(2), () -> "backend stats: " + simStats());
        assertEquals(0, cluster.backends().stream().mapToLong(b -> b.stats().completed()).sum(), simStats());
        assertEquals(0, cluster.backends().stream().mapToInt(b -> b.stats().inFlight()).sum(), simStats());
    }

    // ---- helpers; the static ones are shared with the other gateway tests ----

    private int port() {
        return Integer.parseInt(baseUrl().substring(baseUrl().lastIndexOf(':') + 1));
    }

    private long cancelled() {
        return cluster.backends().stream().mapToLong(b -> b.stats().cancelled()).sum();
    }

    private String simStats() {
        StringBuilder s = new StringBuilder();
        cluster.backends().forEach(b -> s.append(b.name()).append(": ").append(b.stats()).append("; "));
        return s.toString();
    }

    /** Expected leases granted per backend name; backends not named expect 0. */
    static Map<String, Long> leases(Object... nameThenCount) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenCount.length; i += 2) {
            m.put((String) nameThenCount[i], ((Number) nameThenCount[i + 1]).longValue());
        }
        return m;
    }

    static String backendOf(HttpResponse<?> r) {
        return r.headers().firstValue(ClientReply.BACKEND_HEADER)
                .orElseThrow(() -> new AssertionError("no " + ClientReply.BACKEND_HEADER + " header"));
    }

    /**
     * Waits (bounded) until every backend holds exactly 0 tokens and 0 requests, checks the leases granted per backend,
     * then looks again 300 ms later: a doubled release arriving late would show as a negative counter.
     */
    static void assertSettled(TokenLedger ledger, Map<String, Long> expectedLeases) throws InterruptedException {
        awaitTrue(() -> allZero(ledger), Duration.ofSeconds(10), () -> "ledger not back to 0: " + ledger.snapshot());
        Thread.sleep(300);
        for (TargetStats s : ledger.snapshot()) {
            String name = s.target().name();
            assertEquals(0, s.inflightTokens(), name + " in-flight tokens: " + ledger.snapshot());
            assertEquals(0, s.inflightRequests(), name + " in-flight requests: " + ledger.snapshot());
            assertEquals(expectedLeases.getOrDefault(name, 0L), s.totalRequests(),
                    name + " leases granted: " + ledger.snapshot());
        }
        for (String name : expectedLeases.keySet()) {
            assertTrue(ledger.targets().stream().anyMatch(t -> t.name().equals(name)), "no backend " + name);
        }
    }

    static boolean allZero(TokenLedger ledger) {
        return ledger.snapshot().stream().allMatch(s -> s.inflightTokens() == 0 && s.inflightRequests() == 0);
    }

    static void awaitTrue(BooleanSupplier condition, Duration within, java.util.function.Supplier<String> message)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(message.get());
            }
            Thread.sleep(5);
        }
    }

    static JsonObject json(String body) throws Exception {
        return (JsonObject) Jsoner.deserialize(body);
    }

    /** The {@code error} object of an OpenAI-style error body, checked to have a message and a type. */
    static JsonObject errorOf(String body) throws Exception {
        Object error = json(body).get("error");
        assertTrue(error instanceof JsonObject, "not an OpenAI-style error: " + body);
        JsonObject e = (JsonObject) error;
        assertTrue(e.get("message") instanceof String m && !m.isBlank(), "no error.message: " + body);
        assertTrue(e.get("type") instanceof String t && !t.isBlank(), "no error.type: " + body);
        return e;
    }

    static String lastDataLine(String sse) {
        String last = null;
        for (String line : sse.split("\r?\n")) {
            if (line.startsWith("data: ")) {
                last = line;
            }
        }
        assertNotNull(last, "no data line in: " + sse);
        return last;
    }

    static void sendPost(Socket socket, String path, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** Reads the status line and headers (status must be 200) and the first SSE event; returns the backend's name. */
    static String readHeadersAndFirstEvent(Socket socket) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        assertNotNull(status, "no reply");
        assertTrue(status.startsWith("HTTP/1.1 200"), status);
        String backend = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.regionMatches(true, 0, ClientReply.BACKEND_HEADER + ":", 0,
                    ClientReply.BACKEND_HEADER.length() + 1)) {
                backend = line.substring(line.indexOf(':') + 1).trim();
            }
            if (line.startsWith("data: ")) {
                assertNotNull(backend, "no " + ClientReply.BACKEND_HEADER + " header before the first event");
                return backend;
            }
        }
        throw new AssertionError("the stream ended before its first event");
    }

    /** A loopback port nothing listens on: bound, then closed (connecting to it is refused). */
    static int closedLoopbackPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
