package dev.tokenlb.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests the gateway must refuse itself: each gets 400 or 413 with an OpenAI-style error
 * ({@code {"error":{"message":..,"type":..}}}), takes no lease (nothing reaches the balancer), and leaves the gateway
 * serving: a valid request right after gets 200.
 */
@Timeout(60)
class BadInputTest extends GatewayTestSupport {

    private static final int MAX_BODY_BYTES = 64 * 1024;

    /** HTTP/1.1 only: a chunked upload is an HTTP/1.1 notion, and no h2c upgrade muddles what is sent. */
    private final HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.max-body-bytes", Integer.toString(MAX_BODY_BYTES));
        return p;
    }

    @Test
    void malformedJsonIsRefusedWith400() throws Exception {
        assertRefused(400, send("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"));
    }

    @Test
    void emptyBodyIsRefusedWith400() throws Exception {
        assertRefused(400, send("/v1/chat/completions", ""));
    }

    @Test
    void chatWithoutMessagesIsRefusedWith400NamingTheParameter() throws Exception {
        JsonObject error = assertRefused(400, send("/v1/chat/completions", "{\"model\":\"sim-model\"}"));
        assertEquals("messages", error.getString("param"));
    }

    @Test
    void completionWithoutPromptIsRefusedWith400NamingTheParameter() throws Exception {
        JsonObject error = assertRefused(400, send("/v1/completions", "{\"model\":\"sim-model\",\"max_tokens\":5}"));
        assertEquals("prompt", error.getString("param"));
    }

    @Test
    void embeddingWithoutInputIsRefusedWith400NamingTheParameter() throws Exception {
        JsonObject error = assertRefused(400, send("/v1/embeddings", "{\"model\":\"sim-model\"}"));
        assertEquals("input", error.getString("param"));
    }

    @Test
    void messagesGivenAsAStringIsRefusedWith400() throws Exception {
        JsonObject error = assertRefused(400,
                send("/v1/chat/completions", "{\"model\":\"sim-model\",\"messages\":\"hello\"}"));
        assertEquals("messages", error.getString("param"));
    }

    @Test
    void maxTokensGivenAsAStringIsRefusedWith400() throws Exception {
        JsonObject error = assertRefused(400, send("/v1/chat/completions",
                "{\"model\":\"sim-model\",\"max_tokens\":\"10\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals("max_tokens", error.getString("param"));
    }

    @Test
    void sixtyThousandOpenBracketsAreRefusedWith400() throws Exception {
        assertRefused(400, send("/v1/chat/completions", "[".repeat(60_000)));
    }

    @Test
    void deeplyNestedValueInsideAnObjectIsRefusedWith400() throws Exception {
        String body = "{\"model\":\"sim-model\",\"messages\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}";
        assertRefused(400, send("/v1/chat/completions", body));
    }

    @Test
    void invalidUtf8IsRefusedWith400() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"model\":\"sim-model\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\""
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[] { 'h', 'i', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, '!' });
        body.writeBytes("\"}]}".getBytes(StandardCharsets.US_ASCII));
        assertRefused(400, send("/v1/chat/completions", BodyPublishers.ofByteArray(body.toByteArray())));
    }

    @Test
    void bodyOverTheLimitWithContentLengthIsRefusedWith413() throws Exception {
        JsonObject error = assertRefused(413, send("/v1/chat/completions",
                BodyPublishers.ofByteArray(tooLargeBody())));
        assertTrue(error.getString("message").contains(Integer.toString(MAX_BODY_BYTES)), error.toJson());
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        byte[] body = tooLargeBody();
        // ofInputStream has no known length: the client sends Transfer-Encoding: chunked
        JsonObject error = assertRefused(413, send("/v1/chat/completions",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertTrue(error.getString("message").contains(Integer.toString(MAX_BODY_BYTES)), error.toJson());
    }

    @Test
    void getOnAPostOnlyEndpointGets4xxNotAHang() throws Exception {
        long before = totalRequestsRouted();
        HttpResponse<String> r = http11.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10)).GET().build(), BodyHandlers.ofString());

        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.statusCode() + " " + r.body());
        assertTrue(ReleasePathsTest.errorOf(r.body()).getString("message").contains("GET"), r.body());
        assertNothingReserved(before);
        assertStillServing();
    }

    @Test
    void anUnknownPathGetsAJson404() throws Exception {
        HttpResponse<String> r = http11.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/no/such/thing"))
                .timeout(Duration.ofSeconds(10)).GET().build(), BodyHandlers.ofString());
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("unknown_url", ReleasePathsTest.errorOf(r.body()).getString("code"));
    }

    /**
     * A valid chat request of 1 MiB, 16 times the limit: the gateway answers and closes while the client is still
     * sending, the case where a proxy most easily answers with a reset instead of its 413.
     */
    private static byte[] tooLargeBody() {
        byte[] body = chat("lorem ipsum ".repeat(16 * MAX_BODY_BYTES / 12), false, 5).getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length > 16 * MAX_BODY_BYTES);
        return body;
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        return send(path, BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(String path, BodyPublisher body) throws Exception {
        return http11.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(body).build(), BodyHandlers.ofString());
    }

    /**
     * The request was refused with this status and an OpenAI-style JSON error, reserved nothing, and the gateway goes
     * on serving.
     *
     * @return the error object
     */
    private JsonObject assertRefused(int status, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                r.headers().map().toString());
        JsonObject error = errorOf(r.body());
        assertEquals("invalid_request_error", error.getString("type"), r.body());
        assertNothingReserved(0);
        assertStillServing();
        return error;
    }

    private void assertStillServing() throws Exception {
        long before = totalRequestsRouted();
        HttpResponse<String> ok = send("/v1/chat/completions", chat("still there?", false, 5));
        assertEquals(200, ok.statusCode(), ok.body());
        awaitLedgerEmpty();
        assertEquals(before + 1, totalRequestsRouted());
    }
}
