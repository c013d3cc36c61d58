package dev.tokenlb.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client headers never steer the proxied call, and gateway API keys keep out whoever lacks one, before anything is
 * reserved. The backend here records exactly what it received.
 */
@Timeout(60)
class SecurityTest extends RecordingBackendTestSupport {

    private static final String KEY = "tlb-test-key-1";

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.api-keys", "other-key, " + KEY);
        return p;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
    }

    @Test
    void camelAndHostHeadersFromTheClientDoNotChangeWhereOrWhatIsSent() throws Exception {
        HttpResponse<String> r = http.send(request("/v1/chat/completions")
                .header("Authorization", "Bearer " + KEY)
                .header("CamelHttpUri", "http://127.0.0.1:1/evil")
                .header("CamelHttpPath", "/admin")
                .header("CamelHttpQuery", "steal=1")
                .header("CamelHttpMethod", "DELETE")
                .header("X-Forwarded-Host", "evil.example")
                .header("x-request-id", "req-7")
                .POST(HttpRequest.BodyPublishers.ofString(chat("hello", false, 5))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, backend.seen().size());
        RecordingBackend.Seen seen = backend.seen().get(0);
        assertEquals("POST", seen.method());
        assertEquals("/v1/chat/completions", seen.uri(), "no path or query from the client's Camel headers");
        assertEquals(backend.url().substring("http://".length()), seen.header("Host"));
        assertEquals("req-7", seen.header("x-request-id"));
        assertNull(seen.header("X-Forwarded-Host"));
        seen.headers().keySet().forEach(h -> assertFalse(h.toLowerCase().startsWith("camel"), "leaked header " + h));
        assertNull(seen.header("Authorization"), "the gateway's own key is never passed on");
        assertEquals(chat("hello", false, 5), seen.body(), "the body goes through unchanged");
    }

    @Test
    void aForeignHostHeaderDoesNotChangeTheBackendCalled() throws Exception {
        String body = chat("host trick", false, 5);
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int port = Integer.parseInt(baseUrl().substring(baseUrl().lastIndexOf(':') + 1));
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: evil.example:666\r\n"
                    + "Authorization: Bearer " + KEY + "\r\nCamelHttpUri: http://evil.example:666/x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
        }
        RecordingBackend.Seen seen = backend.seen().get(0);
        assertEquals("/v1/chat/completions", seen.uri());
        assertEquals(backend.url().substring("http://".length()), seen.header("Host"));
    }

    @Test
    void aRequestWithoutAValidKeyGets401AndReservesNothing() throws Exception {
        long routed = totalRequestsRouted();
        for (String auth : new String[] {null, "Bearer wrong", "Basic " + KEY, "Bearer " + KEY + "x", "Bearer "}) {
            HttpRequest.Builder b = request("/v1/chat/completions");
            if (auth != null) {
                b.header("Authorization", auth);
            }
            HttpResponse<String> r = http.send(b.POST(HttpRequest.BodyPublishers.ofString(chat("hi", true, 5)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), auth + ": " + r.body());
            assertEquals("invalid_api_key", errorOf(r.body()).getString("code"));
            assertFalse(r.body().contains(KEY), "a key is never echoed");
        }
        HttpResponse<String> models = http.send(request("/v1/models").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, models.statusCode(), "every /v1 path needs the key");
        assertNothingReserved(routed);
        assertTrue(backend.seen().isEmpty());
        assertEquals(200, getOps("/health/live").statusCode(), "health on the loopback management port needs no key");
        HttpResponse<String> ok = http.send(request("/v1/chat/completions").header("Authorization", "Bearer other-key")
                .POST(HttpRequest.BodyPublishers.ofString(chat("hi", false, 5))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
    }
}
