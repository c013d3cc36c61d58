package dev.tokenlb.gateway;

import java.io.StringReader;
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
import dev.tokenlb.TokenCountingProcessor;
import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.pick.PickPolicies;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The balancer and the token counter configured with camel-main properties ({@code camel.beans.*}) and used by name
 * from a route, as a camel-main application would do in its {@code application.properties}.
 */
class MainPropertiesConfigurationTest {

    private static final String PROPERTIES = """
            camel.beans.tokenLb = #class:dev.tokenlb.TokenAwareLoadBalancer
            camel.beans.tokenLb.strategy = least-requests
            camel.beans.tokenLb.names = gpu-a,gpu-b
            camel.beans.tokenLb.maxAttempts = 2
            camel.beans.tokenCounter = #class:dev.tokenlb.TokenCountingProcessor
            camel.beans.tokenCounter.apiShape = chat
            camel.beans.tokenCounter.defaultOutputTokens = 64
            """;

    /** The outputs answer once this opens, so requests can be held in flight. */
    private final CountDownLatch outputsMayAnswer = new CountDownLatch(1);
    private Main main;

    @AfterEach
    void stopMain() {
        outputsMayAnswer.countDown();
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void beansGetTheirSettingsFromCamelMainProperties() throws Exception {
        outputsMayAnswer.countDown();
        CamelContext context = start(PROPERTIES);
        TokenAwareLoadBalancer balancer = balancer(context);
        assertEquals("least-requests", balancer.getStrategy());
        assertEquals(2, balancer.getMaxAttempts());
        assertEquals("gpu-a", balancer.getLedger().target(0).name());
        assertEquals("gpu-b", balancer.getLedger().target(1).name());
        TokenCountingProcessor counter = context.getRegistry().lookupByNameAndType("tokenCounter",
                TokenCountingProcessor.class);
        assertEquals("chat", counter.getApiShape());
        assertEquals(64, counter.getDefaultOutputTokens());

        Exchange done = send(context.createProducerTemplate(), chat(null));
        assertNull(done.getException());
        long prompt = done.getProperty(TokenLbConstants.PROMPT_TOKENS, Long.class);
        assertEquals(prompt + 64, done.getProperty(TokenLbConstants.COST, Long.class),
                "without max_tokens the request is expected to produce defaultOutputTokens");
        assertEquals(0, balancer.getLedger().totalInflightRequests());
    }

    /** least-requests counts requests, not tokens: one big and three small requests in flight split two and two. */
    @Test
    void leastRequestsStrategySpreadsRequestsInFlightEvenlyWhateverTheirSize() throws Exception {
        CamelContext context = start(PROPERTIES);
        TokenLedger ledger = balancer(context).getLedger();
        ProducerTemplate template = context.createProducerTemplate();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<Exchange>> replies = new ArrayList<>();
            replies.add(clients.submit(() -> send(template, chat(4000))));
            awaitInflight(ledger, 1);
            for (int i = 1; i <= 3; i++) {
                replies.add(clients.submit(() -> send(template, chat(5))));
                awaitInflight(ledger, 1 + i);
            }
            assertEquals(2, ledger.inflightRequests(0), ledger.snapshot().toString());
            assertEquals(2, ledger.inflightRequests(1), ledger.snapshot().toString());

            outputsMayAnswer.countDown();
            for (Future<Exchange> f : replies) {
                Exchange done = f.get(10, TimeUnit.SECONDS);
                assertNull(done.getException());
                assertTrue(done.getMessage().getBody(String.class).startsWith("answer from gpu-"));
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(0, ledger.totalInflightTokens());
        assertEquals(0, ledger.totalInflightRequests());
    }

    @Test
    void anUnknownStrategyStopsStartUpAndNamesTheAllowedValues() {
        Exception failure = assertThrows(Exception.class,
                () -> start(PROPERTIES.replace("strategy = least-requests", "strategy = fastest")));
        String messages = messagesOf(failure);
        assertTrue(messages.contains("Failed to start route: llm"), messages);
        assertTrue(messages.contains("unknown strategy 'fastest': allowed values are "
                                     + String.join(", ", PickPolicies.NAMES)), messages);
    }

    /** Starts camel-main with these properties and the route below; returns its context. */
    private CamelContext start(String properties) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(properties));
        main = new Main();
        // only the properties above: the routes module's application.properties would load the gateway's YAML routes
        main.setDefaultPropertyPlaceholderLocation("false");
        main.setInitialProperties(p);
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:llm").routeId("llm")
                        .process("tokenCounter")
                        .loadBalance().custom("tokenLb")
                            .to("direct:gpu-a")
                            .to("direct:gpu-b")
                        .end();
                from("direct:gpu-a").process(exchange -> answer(exchange, "gpu-a"));
                from("direct:gpu-b").process(exchange -> answer(exchange, "gpu-b"));
            }
        });
        main.start();
        return main.getCamelContext();
    }

    private void answer(Exchange exchange, String output) throws InterruptedException {
        if (!outputsMayAnswer.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never let " + output + " answer");
        }
        exchange.getMessage().setBody("answer from " + output);
    }

    private static Exchange send(ProducerTemplate template, String body) {
        return template.request("direct:llm", exchange -> exchange.getMessage().setBody(body));
    }

    private static String chat(Integer maxTokens) {
        return "{\"model\":\"m\"," + (maxTokens == null ? "" : "\"max_tokens\":" + maxTokens + ",")
               + "\"messages\":[{\"role\":\"user\",\"content\":\"What is a token?\"}]}";
    }

    private static TokenAwareLoadBalancer balancer(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("tokenLb", TokenAwareLoadBalancer.class);
    }

    private static void awaitInflight(TokenLedger ledger, int requests) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ledger.totalInflightRequests() < requests) {
            if (System.nanoTime() > deadline) {
                fail("expected " + requests + " requests in flight: " + ledger.snapshot());
            }
            Thread.sleep(5);
        }
    }

    private static String messagesOf(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
