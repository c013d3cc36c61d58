package dev.tokenlb.gateway;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator sees: Prometheus metrics, the decision header, JMX and the dev console. */
@Timeout(60)
class OperationsTest extends GatewayTestSupport {

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.explain", "true");
        return p;
    }

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Test
    void metricsCountWhatWasRoutedAndTheLedgerIsBackToZero() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertEquals(200, post("/v1/chat/completions", chat("m" + i, i % 2 == 0, 5)).statusCode());
        }
        assertEquals(400, post("/v1/chat/completions", "{not json").statusCode());
        String system = "You are a careful assistant. ".repeat(12); // over 256 characters: its count is remembered
        for (int i = 0; i < 2; i++) {
            assertEquals(200, post("/v1/chat/completions", "{\"model\":\"sim-model\",\"max_tokens\":3,\"messages\":["
                    + "{\"role\":\"system\",\"content\":\"" + system + "\"},{\"role\":\"user\",\"content\":\"q"
                    + i + "\"}]}").statusCode());
        }
        awaitLedgerEmpty();
        HttpResponse<String> r = getOps("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String m = r.body();
        for (String series : new String[] {
            "tokenlb_backend_inflight_tokens{backend=\"backend-1\"} 0.0",
            "tokenlb_backend_inflight_requests{backend=\"backend-2\"} 0.0",
            "tokenlb_backend_usable{backend=\"backend-1\"} 1.0",
            "tokenlb_gateway_responses_total{status=\"400\"} 1.0",
            "tokenlb_gateway_responses_total{status=\"200\"} 6.0",
            "tokenlb_pick_seconds_count 6",
            "tokenlb_output_estimate_mean_absolute_error",
            "tokenlb_backend_ejections_total{backend=\"backend-2\"} 0.0",
            "tokenlb_count_cache_hits_total 1.0", // the long system prompt, sent again
            "tokenlb_count_cache_misses_total 1.0"}) {
            assertTrue(m.contains(series), "no '" + series + "' in:\n" + m);
        }
        long answered = m.lines().filter(l -> l.startsWith("tokenlb_backend_attempts_total{")
                                             && l.contains("outcome=\"answered\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertEquals(6, answered);
        double routedTokens = m.lines().filter(l -> l.startsWith("tokenlb_backend_routed_tokens_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertTrue(routedTokens > 0, m);
    }

    @Test
    void explainsEachPickInAHeader() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat("why there", false, 7));
        String decision = r.headers().firstValue("x-tokenlb-decision").orElseThrow();
        String backend = ": tokens=\\d+ requests=\\d+ weight=[0-9.]+ healthy cached=\\d+( foreign=\\d+)? "
                         + "prefill=\\d+tok/s step=[0-9.]+ms";
        assertTrue(decision.matches("strategy=latency; cost=\\d+; prompt=\\d+; attempt=1; picked=backend-\\d; "
                                    + "backend-1" + backend + "; backend-2" + backend), decision);
        assertTrue(decision.contains("picked=" + ReleasePathsTest.backendOf(r)));
        assertTrue(!decision.contains("http://"), "no backend URL in the header: " + decision);
    }

    @Test
    void theBalancerIsManagedOverJmxWithItsAttributesAndOperations() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:type=processors,*"), null);
        ObjectName lb = names.stream().filter(n -> {
            try {
                server.getAttribute(n, "UsableBackends");
                return true;
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no balancer MBean among " + names));
        assertEquals(2, server.getAttribute(lb, "UsableBackends"));
        assertEquals("latency", server.getAttribute(lb, "Strategy"));
        assertEquals(0L, server.getAttribute(lb, "InflightTokens"));
        server.invoke(lb, "pauseBackend", new Object[] {"backend-1", 60_000L},
                new String[] {"java.lang.String", "long"});
        assertEquals(1, server.getAttribute(lb, "UsableBackends"));
        assertEquals("backend-2", ReleasePathsTest.backendOf(post("/v1/chat/completions", chat("x", false, 3))));
        String table = (String) server.invoke(lb, "backendTable", new Object[0], new String[0]);
        assertTrue(table.contains("backend-1: tokens=0 requests=0") && table.contains("ejected"), table);
        server.invoke(lb, "readmitBackend", new Object[] {"backend-1"}, new String[] {"java.lang.String"});
        assertEquals(2, server.getAttribute(lb, "UsableBackends"));
    }

    @Test
    void theDevConsoleShowsTheLiveTable() throws Exception {
        DevConsole console = DevConsoleRegistry.get(context).resolveById("tokenlb");
        assertTrue(console != null, "tokenlb console not found");
        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertTrue(text.contains("Balancer tokenLb (strategy latency)") && text.contains("backend-2"), text);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON, Map.of());
        assertTrue(json.toString().contains("inflightTokens"), json.toString());
    }
}
