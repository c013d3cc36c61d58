package dev.tokenlb;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.tokenlb.ledger.TokenLedger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The balancer in a real route with {@code direct:} and {@code http:} outputs: when each attempt's lease is released,
 * on every path, and failover. The route reports what the ledger held at the moments that matter.
 */
class TokenAwareLoadBalancerTest extends CamelTestSupport {

    /** Cost of the body "hello world" as plain text: 2 prompt tokens + 256 default expected output tokens. */
    private static final long HELLO_COST = 258;

    private final TokenAwareLoadBalancer balancer = new TokenAwareLoadBalancer();
    private final TokenAwareLoadBalancer handledBalancer = new TokenAwareLoadBalancer();
    private final AtomicReference<Processor> outputA = new AtomicReference<>(e -> { });
    private final AtomicReference<Processor> outputB = new AtomicReference<>(e -> { });
    private final AtomicReference<Processor> afterBalancer = new AtomicReference<>(e -> { });
    private final AtomicLong heldAfterBalancer = new AtomicLong(-1);
    private final AtomicLong heldInErrorHandler = new AtomicLong(-1);
    private HttpServer http;

    @AfterEach
    void stopHttp() {
        if (http != null) {
            http.stop(0);
        }
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        balancer.setNames("a,b");
        balancer.setWeights("100,1"); // on an idle ledger, a is always first choice
        balancer.setMaxAttempts(2);
        handledBalancer.setWeights("100,1");
        handledBalancer.setMaxAttempts(2);
        return new RouteBuilder() {
            @Override
            public void configure() {
                // the caller turns failures into replies; the balanced route leaves them to the balancer
                from("direct:start").routeId("caller")
                        .onException(Exception.class).handled(false)
                            .process(e -> heldInErrorHandler.set(ledger().totalInflightTokens()))
                        .end()
                        .to("direct:balanced");

                from("direct:balanced").routeId("balanced").errorHandler(noErrorHandler())
                        .process(new TokenCountingProcessor())
                        .loadBalance(balancer).to("direct:a", "direct:b").end()
                        .process(e -> heldAfterBalancer.set(ledger().totalInflightTokens()))
                        .process(e -> afterBalancer.get().process(e));

                // the same, with a handling error handler wrapped around the outputs by Camel
                from("direct:handled").routeId("handled")
                        .onException(Exception.class).handled(true).setBody(constant("handled")).end()
                        .process(new TokenCountingProcessor())
                        .loadBalance(handledBalancer).to("direct:a", "direct:b").end();

                // outputs leave errors to the balanced route, as a producer would
                from("direct:a").errorHandler(noErrorHandler()).process(e -> outputA.get().process(e));
                from("direct:b").errorHandler(noErrorHandler()).process(e -> outputB.get().process(e));
            }
        };
    }

    private TokenLedger ledger() {
        return balancer.getLedger();
    }

    private Exchange send(String body) {
        return template.send("direct:start", e -> e.getIn().setBody(body));
    }

    @Test
    void holdsTheTokensUntilTheExchangeIsDoneThenReleasesThemOnce() {
        Exchange result = send("hello world");
        assertNull(result.getException());
        assertEquals(HELLO_COST, heldAfterBalancer.get());
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
        assertEquals(1, ledger().snapshot().get(0).totalRequests());
        assertEquals("a", result.getProperty(TokenLbConstants.TARGET));
    }

    @Test
    void releasesAtOnceWhenTheOutputFails() {
        outputA.set(e -> {
            throw new IllegalStateException("backend broke");
        });
        Exchange result = send("hello world");
        assertInstanceOf(IllegalStateException.class, result.getException());
        assertEquals(0, heldInErrorHandler.get(), "the failed attempt's lease must be gone before error handling");
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
        assertEquals(0, ledger().snapshot().get(1).totalRequests(), "an IllegalStateException is not retried");
    }

    @Test
    void releasesWhenAStepAfterTheBalancerThrows() {
        afterBalancer.set(e -> {
            throw new IllegalArgumentException("later step broke");
        });
        Exchange result = send("hello world");
        assertInstanceOf(IllegalArgumentException.class, result.getException());
        assertEquals(HELLO_COST, heldInErrorHandler.get(), "a successful attempt holds its tokens until the end");
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
    }

    @Test
    void failsOverOnConnectionRefusedAndReleasesTheFailedAttemptAtOnce() {
        AtomicLong heldOnAWhileBRuns = new AtomicLong(-1);
        outputA.set(e -> {
            throw new java.net.ConnectException("Connection refused (simulated by a real exception type)");
        });
        outputB.set(e -> heldOnAWhileBRuns.set(ledger().inflightTokens(0)));
        Exchange result = send("hello world");
        assertNull(result.getException());
        assertEquals(0, heldOnAWhileBRuns.get());
        assertEquals("b", result.getProperty(TokenLbConstants.TARGET));
        assertEquals(2, result.getProperty(TokenLbConstants.ATTEMPTS));
        assertEquals(1, ledger().snapshot().get(0).totalRequests());
        assertEquals(1, ledger().snapshot().get(1).totalRequests());
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
    }

    @Test
    void failsOverWhenARealHttpBackendRefusesTheConnection() throws Exception {
        int closedPort = freePort();
        outputA.set(e -> {
            Exchange reply = template.send("http://127.0.0.1:" + closedPort + "/v1", ex -> ex.getIn().setBody("x"));
            if (reply.getException() != null) {
                throw reply.getException();
            }
        });
        Exchange result = send("hello world");
        assertNull(result.getException());
        assertEquals("b", result.getProperty(TokenLbConstants.TARGET));
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
    }

    @Test
    void releasesWhenEveryAttemptIsRefused() {
        outputA.set(e -> {
            throw new java.net.ConnectException("refused");
        });
        outputB.set(e -> {
            throw new java.net.ConnectException("refused");
        });
        Exchange result = send("hello world");
        assertInstanceOf(java.net.ConnectException.class, result.getException());
        assertEquals(0, heldInErrorHandler.get());
        assertEquals(1, ledger().snapshot().get(0).totalRequests());
        assertEquals(1, ledger().snapshot().get(1).totalRequests());
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
    }

    @Test
    void releasesWhenAnHttpBackendAnswers500() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            byte[] body = "{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(500, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/v1/chat/completions";
        outputA.set(e -> {
            Exchange reply = template.send(url, ex -> ex.getIn().setBody("{}"));
            if (reply.getException() != null) {
                throw reply.getException();
            }
        });
        Exchange result = send("hello world");
        assertInstanceOf(HttpOperationFailedException.class, result.getException());
        assertEquals(0, heldInErrorHandler.get());
        assertEquals(0, ledger().snapshot().get(1).totalRequests(), "a 500 is not a connection failure");
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
    }

    @Test
    void releasesOnceWhenAHandlingErrorHandlerRunsInsideTheAttempt() {
        outputA.set(e -> {
            throw new java.net.ConnectException("refused");
        });
        Exchange result = template.send("direct:handled", e -> e.getIn().setBody("hello world"));
        assertNull(result.getException());
        assertEquals("handled", result.getMessage().getBody());
        TokenLedger ledger = handledBalancer.getLedger();
        assertEquals(0, ledger.totalInflightTokens());
        assertEquals(0, ledger.totalInflightRequests());
        assertEquals(1, ledger.snapshot().get(0).totalRequests());
        assertEquals(0, ledger.snapshot().get(1).totalRequests(), "a handled failure is not retried");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
