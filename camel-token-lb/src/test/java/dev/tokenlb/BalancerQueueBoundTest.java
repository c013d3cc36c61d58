package dev.tokenlb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokenlb.balance.BalancerListener;
import dev.tokenlb.ledger.TokenLedger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code maxInflightTokens}: a backend at its bound (times its weight) takes no new request, and when all are there a
 * request fails at once with {@link BackendsSaturatedException}, nothing reserved; the balancer in a real route whose
 * outputs hold their exchanges like backends generating.
 */
class BalancerQueueBoundTest extends CamelTestSupport {

    private static final long COST = 60;

    private final TokenAwareLoadBalancer balancer = new TokenAwareLoadBalancer();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger noTarget = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        balancer.setNames("a,b");
        balancer.setWeights("1,2");
        balancer.setMaxInflightTokens(100); // a holds 100, b 200
        balancer.setListener(new BalancerListener() {
            @Override
            public void noTarget(boolean noneAdmitted) {
                noTarget.incrementAndGet();
            }
        });
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:balanced").routeId("balanced").errorHandler(noErrorHandler())
                        .loadBalance(balancer).to("direct:a", "direct:b").end();
                from("direct:a").errorHandler(noErrorHandler()).process(e -> hold());
                from("direct:b").errorHandler(noErrorHandler()).process(e -> hold());
            }
        };
    }

    @AfterEach
    void letEverythingGo() {
        release.countDown();
    }

    private void hold() throws InterruptedException {
        if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
        }
    }

    private TokenLedger ledger() {
        return balancer.getLedger();
    }

    private CompletableFuture<Exchange> sendAsync(long cost) {
        return template.asyncSend("direct:balanced", e -> e.setProperty(TokenLbConstants.COST, cost));
    }

    @Test
    void refusesAtOnceWhenEveryBackendHoldsItsBoundAndReservesNothing() throws Exception {
        List<CompletableFuture<Exchange>> held = new ArrayList<>();
        // a takes 2 x 60 (120 >= 100), b, of weight 2, takes 4 x 60 (240 >= 200): 6 in all
        for (int i = 0; i < 6; i++) {
            held.add(sendAsync(COST));
            awaitInflightRequests(i + 1);
        }
        assertTrue(ledger().inflightTokens(0) >= 100 && ledger().inflightTokens(1) >= 200,
                "a " + ledger().inflightTokens(0) + ", b " + ledger().inflightTokens(1));
        assertEquals(2, ledger().inflightRequests(0));
        assertEquals(4, ledger().inflightRequests(1), "the heavier backend holds twice the bound");

        long before = ledger().totalInflightTokens();
        long started = System.nanoTime();
        Exchange refused = template.send("direct:balanced", e -> e.setProperty(TokenLbConstants.COST, COST));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        BackendsSaturatedException e = assertInstanceOf(BackendsSaturatedException.class, refused.getException());
        assertEquals(1000, e.retryAfterMillis());
        assertTrue(e.reason().contains("bound of 100 tokens"), e.reason());
        assertTrue(tookMillis < 1000, "refused at once, took " + tookMillis + " ms");
        assertEquals(before, ledger().totalInflightTokens(), "nothing reserved for a refused request");
        assertEquals(6, ledger().totalInflightRequests());
        assertEquals(1, noTarget.get());

        release.countDown();
        for (CompletableFuture<Exchange> f : held) {
            assertNull(f.get(10, TimeUnit.SECONDS).getException());
        }
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
        CompletableFuture<Exchange> after = sendAsync(COST);
        assertNull(after.get(10, TimeUnit.SECONDS).getException(), "room again once the work drained");
        assertEquals(0, ledger().totalInflightTokens());
    }

    @Test
    void aRequestLargerThanTheBoundStillGoesToABackendUnderIt() throws Exception {
        CompletableFuture<Exchange> big = sendAsync(5_000);
        awaitInflightRequests(1);
        CompletableFuture<Exchange> second = sendAsync(5_000);
        awaitInflightRequests(2);
        assertEquals(1, ledger().inflightRequests(0));
        assertEquals(1, ledger().inflightRequests(1));
        Exchange third = template.send("direct:balanced", e -> e.setProperty(TokenLbConstants.COST, 1L));
        assertInstanceOf(BackendsSaturatedException.class, third.getException(), "both are past their bound now");
        release.countDown();
        assertNull(big.get(10, TimeUnit.SECONDS).getException());
        assertNull(second.get(10, TimeUnit.SECONDS).getException());
        assertEquals(0, ledger().totalInflightTokens());
    }

    @Test
    void refusesANegativeBound() {
        assertThrows(IllegalArgumentException.class, () -> new TokenAwareLoadBalancer().setMaxInflightTokens(-1));
    }

    private void awaitInflightRequests(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ledger().totalInflightRequests() < n && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertEquals(n, ledger().totalInflightRequests());
    }
}
