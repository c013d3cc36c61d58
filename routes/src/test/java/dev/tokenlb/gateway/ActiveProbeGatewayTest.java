package dev.tokenlb.gateway;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With {@code tokenlb.probe-path}, a backend that dies while idle is ejected before any request finds out. */
@Timeout(60)
class ActiveProbeGatewayTest extends GatewayTestSupport {

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.probe-path", "/health");
        p.setProperty("tokenlb.probe-interval-ms", "100");
        p.setProperty("tokenlb.probe-timeout-ms", "500");
        p.setProperty("tokenlb.eject-ms", "60000");
        return p;
    }

    @Test
    void ejectsAnIdleBackendThatStopsAndReadmitsItWhenItAnswersAgain() throws Exception {
        long routed = totalRequestsRouted();
        cluster.backend(0).stop();
        awaitTrue(() -> !balancer().getHealth().admits(0), Duration.ofSeconds(5), () -> "still admitted");
        assertEquals(routed, totalRequestsRouted(), "found out without a request");
        assertTrue(getOps("/metrics").body().contains("tokenlb_backend_usable{backend=\"backend-1\"} 0.0"));
        for (int i = 0; i < 4; i++) {
            assertEquals("backend-2", ReleasePathsTest.backendOf(post("/v1/chat/completions", chat("p" + i, false,
                    3))));
        }
        cluster.backend(0).start();
        // its probe answers: the 60 s cool-down is cut short, and the next pick is its trial
        awaitTrue(() -> balancer().getHealth().admits(0), Duration.ofSeconds(5), () -> "not readmitted");
    }
}
