package dev.tokenlb.redis;

import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.ledger.Lease;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.tokenlb.redis.SharedLedgerTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Camel contexts, each with its own TokenAwareLoadBalancer over the same two backends (a and b), sharing one real
 * redis-server through the bean's ledger settings: what one holds steers the other's picks, and every way a lease
 * ends (success, backend error, failover, end of a long reply) releases it once in Redis too.
 */
class TwoBalancersTest {

    private RedisServer redis;
    private RedisProbe probe;
    private CamelContext one;
    private CamelContext two;
    private TokenAwareLoadBalancer lbOne;
    private TokenAwareLoadBalancer lbTwo;
    /** Holds a "streaming" reply of backend a until counted down. */
    private volatile CountDownLatch streamEnd = new CountDownLatch(0);

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.launch();
        probe = new RedisProbe(redis, "camel", null);
        lbOne = balancer();
        lbTwo = balancer();
        one = context(lbOne);
        two = context(lbTwo);
    }

    @AfterEach
    void stop() throws Exception {
        for (CamelContext c : new CamelContext[] {one, two}) {
            if (c != null) {
                c.close();
            }
        }
        if (probe != null) {
            probe.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private TokenAwareLoadBalancer balancer() {
        TokenAwareLoadBalancer lb = new TokenAwareLoadBalancer();
        lb.setStrategy("tokens");
        lb.setNames("a,b");
        lb.setMaxAttempts(2);
        lb.setLedger(redis.url());
        lb.setLedgerKeyPrefix("camel");
        lb.setLedgerSyncMillis(50);
        lb.setLedgerTtlMillis(5_000);
        lb.setLedgerTimeoutMillis(1_000); // a busy test machine must not degrade it
        return lb;
    }

    private CamelContext context(TokenAwareLoadBalancer lb) throws Exception {
        CamelContext c = new DefaultCamelContext();
        c.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").errorHandler(noErrorHandler())
                        .setProperty(TokenLbConstants.COST, header("cost"))
                        .loadBalance(lb).to("direct:a", "direct:b").end();
                from("direct:a").errorHandler(noErrorHandler()).process(e -> backend("a", e));
                from("direct:b").errorHandler(noErrorHandler()).process(e -> backend("b", e));
            }
        });
        c.start();
        return c;
    }

    private void backend(String name, Exchange e) throws Exception {
        String mode = e.getIn().getHeader("mode", "ok", String.class);
        if (mode.equals("refuse-" + name)) {
            throw new ConnectException("backend " + name + " refused");
        }
        if (mode.equals("fail")) {
            throw new IllegalStateException("backend " + name + " failed");
        }
        if (mode.equals("stream")) {
            assertTrue(streamEnd.await(10, TimeUnit.SECONDS));
        }
        e.getMessage().setBody("from " + name);
    }

    private Exchange send(CamelContext c, long cost, String mode) {
        ProducerTemplate t = c.createProducerTemplate();
        return t.request("direct:in", e -> {
            e.getIn().setHeader("cost", cost);
            e.getIn().setHeader("mode", mode);
        });
    }

    @Test
    void eachBalancerSeesTheOthersLoadInItsPicks() throws Exception {
        streamEnd = new CountDownLatch(1);
        CompletableFuture<Exchange> longReply = CompletableFuture.supplyAsync(() -> send(one, 4_000, "stream"));
        awaitTrue(() -> probe.totalTokens() == 4_000, 5_000, "the long reply's tokens in Redis");
        String busy = probe.tokens().get("a") == 4_000 ? "a" : "b";
        for (int k = 0; k < 5; k++) {
            Exchange e = send(two, 100, "ok");
            assertFalse(busy.equals(e.getProperty(TokenLbConstants.TARGET)), "replica two must avoid " + busy);
        }
        streamEnd.countDown();
        assertNotNull(longReply.get(5, TimeUnit.SECONDS));
        awaitTrue(() -> probe.totalTokens() == 0 && probe.leases() == 0, 2_000, "all released in Redis");
    }

    @Test
    void everyReleasePathReleasesOnceInRedis() throws Exception {
        // a lease held through it all: a second release of any other lease would show as a wrong total
        Lease held = lbOne.getLedger().reserveOn(0, 777);
        awaitTrue(() -> probe.totalTokens() == 777, 2_000, "the held lease in Redis");

        Exchange ok = send(one, 100, "ok");
        assertEquals("from " + ok.getProperty(TokenLbConstants.TARGET), ok.getMessage().getBody(String.class));
        assertNotNull(send(one, 100, "fail").getException(), "backend error");
        Exchange failedOver = send(one, 100, "refuse-b");
        assertEquals("a", failedOver.getProperty(TokenLbConstants.TARGET), "failover from b to a");
        Exchange failedOverBack = send(one, 100, "refuse-a");
        assertEquals("b", failedOverBack.getProperty(TokenLbConstants.TARGET));
        streamEnd = new CountDownLatch(1);
        CompletableFuture<Exchange> stream = CompletableFuture.supplyAsync(() -> send(one, 500, "stream"));
        awaitTrue(() -> probe.totalTokens() == 777 + 500, 2_000, "the stream holds its tokens while it runs");
        streamEnd.countDown();
        assertNotNull(stream.get(5, TimeUnit.SECONDS));

        awaitTrue(() -> probe.totalTokens() == 777 && probe.totalRequests() == 1 && probe.leases() == 1, 2_000,
                "only the held lease left in Redis");
        assertEquals(777, lbOne.getLedger().totalInflightTokens());
        held.release();
        awaitTrue(() -> probe.totalTokens() == 0 && probe.leases() == 0, 2_000, "nothing left");
        assertEquals(2, lbTwo.getClusterStatus().replicas());
        assertFalse(lbOne.getClusterStatus().degraded());
        one.close();
        awaitTrue(() -> probe.replicas() == 1, 2_000, "a context that shuts down leaves the shared ledger");
        one = null;
    }
}
