package dev.tokenlb.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import dev.tokenlb.gateway.config.GatewaySetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tokenlb.management-port=-1} with API keys: the operations endpoints stay on the public port and answer only
 * to a caller with a valid key; without one, 401 and no backend URL in the body.
 */
@Timeout(60)
class OperationsOnPublicPortTest extends GatewayTestSupport {

    private static final String KEY = "ops-test-key";

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.management-port", "-1");
        p.setProperty("tokenlb.api-keys", KEY);
        return p;
    }

    @Test
    void operationsNeedTheKeyAndShowNoBackendUrlWithoutIt() throws Exception {
        assertNull(GatewaySetup.managementServer(context), "no management port");
        for (String path : new String[] {"/metrics", "/tokenlb/status", "/health", "/health/ready", "/health/live"}) {
            for (String auth : new String[] {null, "Bearer wrong", "Bearer " + KEY + "x"}) {
                HttpResponse<String> r = send(path, auth);
                assertEquals(401, r.statusCode(), path + " with " + auth + ": " + r.body());
                assertEquals("invalid_api_key", errorOf(r.body()).getString("code"));
                for (String url : cluster.baseUrls()) {
                    assertFalse(r.body().contains(OperationsPortTest.hostPort(url)),
                            "a backend URL shown without a key: " + r.body());
                }
            }
            assertEquals(200, send(path, "Bearer " + KEY).statusCode(), path + " with the key");
        }
        String status = send("/tokenlb/status", "Bearer " + KEY).body();
        assertTrue(status.contains(OperationsPortTest.hostPort(cluster.baseUrls().get(0))), status);
    }

    private HttpResponse<String> send(String path, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
