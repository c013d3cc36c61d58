package dev.tokenlb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.tokenlb.balance.AttemptOutcome;
import dev.tokenlb.balance.BalancerListener;
import dev.tokenlb.health.HealthState;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health, failover on overloaded answers, abandoned exchanges, explained decisions and the listener, with the
 * balancer in a real route whose outputs behave like backends (status headers as camel-http sets them).
 */
class BalancerHealthAndFailoverTest extends CamelTestSupport {

    private final TokenAwareLoadBalancer balancer = new TokenAwareLoadBalancer();
    private final AtomicReference<Processor> outputA = new AtomicReference<>(e -> { });
    private final AtomicReference<Processor> outputB = new AtomicReference<>(e -> { });
    private final AtomicInteger callsA = new AtomicInteger();
    private final AtomicInteger callsB = new AtomicInteger();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        balancer.setNames("a,b");
        balancer.setWeights("100,1"); // on an idle ledger, a is always first choice
        balancer.setMaxAttempts(2);
        balancer.setEjectAfter(2);
        balancer.setEjectMillis(300);
        balancer.setMaxEjectMillis(1_000);
        balancer.setExplain(true);
        balancer.setListener(new BalancerListener() {
            @Override
            public void picked(Target target, long cost, long pickNanos) {
                events.add("picked " + target.name());
            }

            @Override
            public void attempted(Target target, AttemptOutcome outcome) {
                events.add(target.name() + " " + outcome.label());
            }

            @Override
            public void failedOver(Target from, AttemptOutcome outcome) {
                events.add("failover from " + from.name());
            }

            @Override
            public void noTarget(boolean noneAdmitted) {
                events.add("no target" + (noneAdmitted ? " admitted" : ""));
            }
        });
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:balanced").routeId("balanced").errorHandler(noErrorHandler())
                        .process(new TokenCountingProcessor())
                        .loadBalance(balancer).to("direct:a", "direct:b").end();
                from("direct:a").errorHandler(noErrorHandler()).process(e -> {
                    callsA.incrementAndGet();
                    outputA.get().process(e);
                });
                from("direct:b").errorHandler(noErrorHandler()).process(e -> {
                    callsB.incrementAndGet();
                    outputB.get().process(e);
                });
            }
        };
    }

    private TokenLedger ledger() {
        return balancer.getLedger();
    }

    private Exchange send(String body) {
        return template.send("direct:balanced", e -> {
            e.getIn().setBody(body);
            e.getIn().setHeader("x-request-id", "r1");
        });
    }

    private static Processor answer(int status, String retryAfter) {
        return e -> {
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            if (retryAfter != null) {
                e.getMessage().setHeader("Retry-After", retryAfter);
            }
            e.getMessage().setBody("{\"status\":" + status + "}");
        };
    }

    private void assertNothingHeld() {
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
    }

    @Test
    void skipsABackendEjectedAfterFailuresInARowThenTriesItAgainAfterTheCoolDown() throws Exception {
        balancer.setMaxAttempts(1);
        outputA.set(answer(500, null));
        send("one");
        send("two"); // second 5xx in a row: a is out
        assertEquals(HealthState.EJECTED, balancer.getHealth().state(0));
        for (int i = 0; i < 5; i++) {
            assertEquals("b", send("more").getProperty(TokenLbConstants.TARGET));
        }
        assertEquals(2, callsA.get(), "an ejected backend gets nothing, whatever its weight");
        outputA.set(answer(200, null));
        Thread.sleep(350);
        assertEquals("a", send("trial").getProperty(TokenLbConstants.TARGET));
        assertEquals(HealthState.HEALTHY, balancer.getHealth().state(0));
        assertNothingHeld();
    }

    @Test
    void answersAtOnceWithRetryAfterWhenEveryBackendIsEjectedAndReservesNothing() {
        balancer.setMaxAttempts(1);
        outputA.set(answer(500, null));
        outputB.set(answer(503, "7"));
        send("a fails");
        send("a fails again");
        balancer.getHealth().overloaded(1, 7_000);
        long requestsBefore = ledger().snapshot().stream().mapToLong(s -> s.totalRequests()).sum();
        Exchange result = send("nobody home");
        NoTargetAvailableException e = assertInstanceOf(NoTargetAvailableException.class, result.getException());
        assertTrue(e.retryAfterMillis() > 0 && e.retryAfterMillis() <= 7_000, "retry after " + e.retryAfterMillis());
        assertEquals(requestsBefore, ledger().snapshot().stream().mapToLong(s -> s.totalRequests()).sum());
        assertTrue(events.contains("no target admitted"));
        assertNothingHeld();
    }

    @Test
    void failsOverOnAn503AndPassesOnlyTheSecondAnswerOn() {
        outputA.set(answer(503, "2"));
        outputB.set(e -> {
            assertEquals("r1", e.getIn().getHeader("x-request-id"), "the retry carries the original request");
            assertNull(e.getIn().getHeader("Retry-After"), "nothing of the refused answer leaks into the retry");
            assertEquals("hello", e.getIn().getBody(String.class));
            answer(200, null).process(e);
        });
        Exchange result = send("hello");
        assertNull(result.getException());
        assertEquals(200, result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("b", result.getProperty(TokenLbConstants.TARGET));
        assertEquals(2, result.getProperty(TokenLbConstants.ATTEMPTS));
        assertEquals(HealthState.EJECTED, balancer.getHealth().state(0), "Retry-After: 2 pauses a");
        assertEquals(List.of("picked a", "a overloaded", "failover from a", "picked b", "b answered"), events);
        assertNothingHeld();
    }

    @Test
    void failsOverOnA429AndPassesTheLastRefusalOnWhenNoAttemptIsLeft() {
        outputA.set(answer(429, null));
        outputB.set(answer(429, "1"));
        Exchange result = send("hello");
        assertNull(result.getException());
        assertEquals(429, result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("1", result.getMessage().getHeader("Retry-After"));
        assertEquals(1, callsA.get());
        assertEquals(1, callsB.get());
        assertNothingHeld();
    }

    @Test
    void doesNotFailOverOnA500SinceTheBackendMayHaveRunTheRequest() {
        outputA.set(answer(500, null));
        Exchange result = send("hello");
        assertEquals(500, result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(0, callsB.get());
        assertNothingHeld();
    }

    @Test
    void neitherFailsOverNorBlamesTheBackendWhenTheExchangeIsAbandoned() {
        outputA.set(e -> {
            e.setProperty(TokenLbConstants.ABANDONED, true); // the client hung up; the call was cut
            throw new java.net.ConnectException("aborted");
        });
        Exchange result = send("hello");
        assertInstanceOf(java.net.ConnectException.class, result.getException());
        assertEquals(0, callsB.get());
        assertEquals(0, balancer.getHealth().failuresInARow(0));
        assertTrue(events.contains("a abandoned"));
        assertNothingHeld();
    }

    @Test
    void explainsEachDecisionWithTheCandidatesLoadsAndTheCost() {
        Exchange result = send("hello world");
        String decision = result.getProperty(TokenLbConstants.DECISION, String.class);
        long cost = result.getProperty(TokenLbConstants.COST, Long.class);
        assertTrue(decision.startsWith("strategy=latency; cost=" + cost + "; prompt=2; attempt=1; picked=a; "),
                decision);
        assertTrue(decision.contains("a: tokens=0 requests=0 weight=100.00 healthy"), decision);
        assertTrue(decision.contains("b: tokens=0 requests=0 weight=1.00 healthy"), decision);
        assertFalse(decision.contains("\n"));
    }

    @Test
    void doesNotFailOverOnStatusesWhenNoneAreConfigured() throws Exception {
        context.stop();
        TokenAwareLoadBalancer plain = new TokenAwareLoadBalancer();
        plain.setFailoverStatuses("");
        plain.setMaxAttempts(2);
        plain.setWeights("100,1");
        org.apache.camel.impl.DefaultCamelContext ctx = new org.apache.camel.impl.DefaultCamelContext();
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:x").errorHandler(noErrorHandler()).loadBalance(plain)
                        .process(answer(503, null)).process(answer(200, null)).end();
            }
        });
        ctx.start();
        try {
            Exchange result = ctx.createProducerTemplate().send("direct:x", e -> e.getIn().setBody("x"));
            assertEquals(503, result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        } finally {
            ctx.stop();
        }
    }

    @Test
    void rejectsAFailoverStatusThatIsNotAnHttpStatus() {
        TokenAwareLoadBalancer bad = new TokenAwareLoadBalancer();
        bad.setFailoverStatuses("429,busy");
        org.apache.camel.impl.DefaultCamelContext ctx = new org.apache.camel.impl.DefaultCamelContext();
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> {
            ctx.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:x").loadBalance(bad).to("mock:a").end();
                }
            });
            ctx.start();
        });
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("'busy' is not a number"), root.getMessage());
        ctx.stop();
    }

    @Test
    void keysEachBackendWithItsOwnEnvironmentVariableAndNeverNamesTheKey() throws Exception {
        context.stop();
        TokenAwareLoadBalancer keyed = new TokenAwareLoadBalancer();
        keyed.setBackends("http://127.0.0.1:1;key-env=GPU1_KEY,http://127.0.0.1:2");
        keyed.setWeights(null);
        keyed.setEnvironment(Map.of("GPU1_KEY", "sk-secret-1")::get);
        List<String> seen = new CopyOnWriteArrayList<>();
        org.apache.camel.impl.DefaultCamelContext ctx = new org.apache.camel.impl.DefaultCamelContext();
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:x").errorHandler(noErrorHandler()).loadBalance(keyed)
                        .process(e -> seen.add(e.getProperty(TokenLbConstants.TARGET) + " "
                                               + e.getIn().getHeader("Authorization")))
                        .end();
            }
        });
        ctx.start();
        try {
            for (int i = 0; i < 2; i++) {
                ctx.createProducerTemplate().send("direct:x", e -> e.getIn().setHeader("Authorization", "Bearer client"));
            }
        } finally {
            ctx.stop();
        }
        assertTrue(seen.contains("backend-1 Bearer sk-secret-1"), seen.toString());
        assertTrue(seen.contains("backend-2 Bearer client"), seen.toString());

        TokenAwareLoadBalancer missing = new TokenAwareLoadBalancer();
        missing.setBackends("http://127.0.0.1:1;key-env=NOT_SET_ANYWHERE");
        missing.setEnvironment(name -> null);
        org.apache.camel.impl.DefaultCamelContext ctx2 = new org.apache.camel.impl.DefaultCamelContext();
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> {
            ctx2.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:y").loadBalance(missing).to("mock:a").end();
                }
            });
            ctx2.start();
        });
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("environment variable NOT_SET_ANYWHERE, which is not set"),
                root.getMessage());
        ctx2.stop();
    }
}
