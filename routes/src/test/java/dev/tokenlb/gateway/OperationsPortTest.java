package dev.tokenlb.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operations apart from traffic: the operations endpoints answer on the management port (loopback, ephemeral here)
 * and are unknown on the public one; traffic is never served on the management port; 405 replies say what is allowed.
 */
@Timeout(60)
class OperationsPortTest extends GatewayTestSupport {

    private static final String[] OPERATIONS = {"/metrics", "/tokenlb/status", "/health", "/health/ready",
        "/health/live"};

    @Test
    void operationsAnswerOnTheManagementPortAndNotOnThePublicOne() throws Exception {
        assertNotEquals(baseUrl(), managementUrl());
        for (String path : OPERATIONS) {
            assertEquals(200, getOps(path).statusCode(), path + " on the management port");
            HttpResponse<String> r = get(path);
            assertEquals(404, r.statusCode(), path + " on the public port: " + r.body());
            assertEquals("unknown_url", error(r).getString("code"));
            for (String url : cluster.baseUrls()) {
                assertFalse(r.body().contains(hostPort(url)), "no backend URL on the public port: " + r.body());
            }
        }
        String status = getOps("/tokenlb/status").body();
        assertTrue(status.contains(hostPort(cluster.baseUrls().get(0))), "the management port shows the backends: " + status);
    }

    @Test
    void trafficIsNotServedOnTheManagementPort() throws Exception {
        HttpResponse<String> models = send(managementUrl() + "/v1/models", "GET");
        assertEquals(404, models.statusCode(), models.body());
        HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(managementUrl()
                + "/v1/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chat("hi", false, 3))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, chat.statusCode(), chat.body());
        assertEquals(0, totalRequestsRouted(), "nothing reached a backend");
        assertEquals(200, get("/v1/models").statusCode(), "while the public port serves it");
    }

    @Test
    void aWrongMethodGets405WithTheAllowedMethods() throws Exception {
        assertAllow(baseUrl() + "/v1/models", "POST", "GET");
        assertAllow(baseUrl() + "/v1/models/sim-model", "DELETE", "GET");
        assertAllow(baseUrl() + "/v1/chat/completions", "GET", "POST");
        assertAllow(baseUrl() + "/v1/embeddings", "PUT", "POST");
        assertAllow(managementUrl() + "/metrics", "POST", "GET");
        assertEquals(0, totalRequestsRouted());
    }

    private void assertAllow(String url, String method, String allowed) throws Exception {
        HttpResponse<String> r = send(url, method);
        assertEquals(405, r.statusCode(), method + " " + url + ": " + r.body());
        assertEquals(allowed, r.headers().firstValue("Allow").orElse("(none)"), method + " " + url);
        assertEquals("method_not_allowed", error(r).getString("code"));
    }

    private HttpResponse<String> send(String url, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A backend URL as JSON shows it ({@code http:\/\/} escaped): its host and port. */
    static String hostPort(String url) {
        return url.substring(url.indexOf("://") + 3);
    }

    private static JsonObject error(HttpResponse<String> r) throws Exception {
        return errorOf(r.body());
    }
}
