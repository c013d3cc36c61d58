package dev.tokenlb.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.ledger.TargetStats;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.sim.SimulatedLlmCluster;
import dev.tokenlb.sim.SimulatorConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The balancer in a user's own YAML route ({@code user-routes/llm-route.yaml}): beans declared under
 * {@code - beans:}, a {@code loadBalance} with {@code customLoadBalancer: {ref: llmBalancer}} and two static outputs,
 * a simulated GPU server over real HTTP on loopback and an in-process model on {@code direct:local-model}, which this
 * test provides and can hold.
 */
class UserRouteConfigurationTest extends CamelTestSupport {

    private static final int REMOTE = 0;
    private static final int LOCAL = 1;

    private SimulatedLlmCluster cluster;
    /** The local model answers once this opens. */
    private final CountDownLatch localModelMayAnswer = new CountDownLatch(1);

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        cluster = SimulatedLlmCluster.start(SimulatorConfig.defaults().toBuilder().timeScale(0.2).build(), 1);
        Properties ports = new Properties();
        ports.setProperty("backend1.port", String.valueOf(cluster.backend(0).port()));
        context.getPropertiesComponent().setInitialProperties(ports);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:user-routes/llm-route.yaml"));
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:local-model").process(exchange -> {
                    if (!localModelMayAnswer.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never let the local model answer");
                    }
                    exchange.getMessage().setBody("{\"object\":\"chat.completion\",\"model\":\"local\"}");
                });
            }
        };
    }

    @AfterEach
    void stopCluster() {
        localModelMayAnswer.countDown();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void beansTakeThePropertiesDeclaredInYaml() {
        TokenAwareLoadBalancer balancer = balancer();
        assertEquals("tokens", balancer.getStrategy());
        List<TargetStats> targets = ledger().snapshot();
        assertEquals("remote-gpu", targets.get(REMOTE).target().name());
        assertEquals(1.0, targets.get(REMOTE).target().weight());
        assertEquals("local-model", targets.get(LOCAL).target().name());
        assertEquals(2.0, targets.get(LOCAL).target().weight());
    }

    /**
     * One big request held on the local model (weight 2, so it goes there) outweighs four small ones: all four go
     * to the remote GPU and are in flight there at once. Balancing by request count would have split them.
     */
    @Test
    void smallRequestsGoAroundABigOneByTokensNotByRequestCount() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(5);
        try {
            Future<Exchange> big = clients.submit(() -> send(chat(3000)));
            awaitInflight(LOCAL, 1);

            cluster.backend(0).setStallBeforeFirstTokenMillis(2000); // keep the small ones in flight a while
            List<Future<Exchange>> small = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                small.add(clients.submit(() -> send(chat(8))));
                awaitInflight(REMOTE, i);
            }
            assertEquals(1, ledger().inflightRequests(LOCAL), "the small requests did not go to the local model");

            for (Future<Exchange> f : small) {
                assertEquals("chat.completion", replyOf(f.get(20, TimeUnit.SECONDS)).getString("object"));
            }
            localModelMayAnswer.countDown();
            assertEquals("local", replyOf(big.get(20, TimeUnit.SECONDS)).getString("model"));
        } finally {
            clients.shutdownNow();
        }
        awaitLedgerEmpty();
        assertEquals(4, ledger().snapshot().get(REMOTE).totalRequests());
        assertEquals(1, ledger().snapshot().get(LOCAL).totalRequests());
    }

    /** N clients behind a start latch; afterwards nothing is reserved and the tokens routed add up to the costs. */
    @Test
    void concurrentRequestsAllCompleteAndTheLedgerReturnsToZero() throws Exception {
        localModelMayAnswer.countDown();
        int clientCount = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(clientCount);
        List<Future<Exchange>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < clientCount; i++) {
                int maxTokens = 4 + 7 * i;
                replies.add(clients.submit(() -> {
                    start.await();
                    return send(chat(maxTokens));
                }));
            }
            start.countDown();
            long costs = 0;
            for (Future<Exchange> f : replies) {
                Exchange done = f.get(20, TimeUnit.SECONDS);
                replyOf(done);
                costs += done.getProperty(TokenLbConstants.COST, Long.class);
            }
            awaitLedgerEmpty();
            List<TargetStats> stats = ledger().snapshot();
            assertEquals(clientCount, stats.stream().mapToLong(TargetStats::totalRequests).sum());
            assertEquals(costs, stats.stream().mapToLong(TargetStats::totalTokens).sum());
        } finally {
            clients.shutdownNow();
        }
    }

    private Exchange send(String body) {
        return template.request("direct:user-llm", exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        });
    }

    private static JsonObject replyOf(Exchange exchange) throws Exception {
        assertNull(exchange.getException(), () -> "request failed: " + exchange.getException());
        return (JsonObject) Jsoner.deserialize(exchange.getMessage().getBody(String.class));
    }

    private static String chat(int maxTokens) {
        return "{\"model\":\"sim-model\",\"max_tokens\":" + maxTokens
               + ",\"messages\":[{\"role\":\"user\",\"content\":\"Summarise token-aware load balancing\"}]}";
    }

    private TokenAwareLoadBalancer balancer() {
        return context.getRegistry().lookupByNameAndType("llmBalancer", TokenAwareLoadBalancer.class);
    }

    private TokenLedger ledger() {
        return balancer().getLedger();
    }

    private void awaitInflight(int target, int requests) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ledger().inflightRequests(target) < requests) {
            if (System.nanoTime() > deadline) {
                fail("expected " + requests + " in flight on target " + target + ": " + ledger().snapshot());
            }
            Thread.sleep(5);
        }
    }

    private void awaitLedgerEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ledger().totalInflightTokens() != 0 || ledger().totalInflightRequests() != 0) {
            if (System.nanoTime() > deadline) {
                fail("ledger not back to 0: " + ledger().snapshot());
            }
            Thread.sleep(10);
        }
    }
}
