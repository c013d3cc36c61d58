package dev.tokenlb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.ledger.TargetStats;
import dev.tokenlb.ledger.TokenLedger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model routing in a real route: three {@code direct:} outputs tagged with the models they serve ({@code models}), one
 * of them shared by two models. Each output records the model each request reached it with; a request for a model
 * the output does not serve is a violation.
 */
@Timeout(60)
class ModelRoutingRouteTest extends CamelTestSupport {

    private static final Map<String, Set<String>> SERVES = Map.of(
            "direct:llama", Set.of("llama", "sql-lora"),
            "direct:qwen", Set.of("qwen"),
            "direct:shared", Set.of("llama", "qwen"));

    private final TokenAwareLoadBalancer balancer = new TokenAwareLoadBalancer();
    private final Queue<String> reached = new ConcurrentLinkedQueue<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        balancer.setNames("llama-gpu,qwen-gpu,shared-gpu");
        balancer.setModels("llama|sql-lora,qwen,llama|qwen");
        balancer.setModelAliases("gpt-4o=qwen");
        balancer.setModelFallbacks("sql-lora=qwen");
        balancer.setDefaultModel("qwen");
        balancer.setStrategy("round-robin"); // spreads a model's requests over all its outputs
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start").errorHandler(noErrorHandler())
                        .process(new TokenCountingProcessor())
                        .loadBalance(balancer).to("direct:llama", "direct:qwen", "direct:shared").end();
                for (String output : SERVES.keySet()) {
                    from(output).errorHandler(noErrorHandler()).process(e -> record(output, e));
                }
            }
        };
    }

    private void record(String output, Exchange exchange) throws Exception {
        JsonObject body = (JsonObject) Jsoner.deserialize(exchange.getIn().getBody(String.class));
        String model = body.getString("model");
        reached.add(output + "=" + model);
        if (!SERVES.get(output).contains(model)) {
            violations.add(output + " got " + model);
        }
        exchange.getMessage().setBody("{\"ok\":true}");
    }

    private Exchange send(String model) {
        String field = model == null ? "" : "\"model\":\"" + model + "\",";
        return template.send("direct:start", e -> e.getIn().setBody(
                "{" + field + "\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }

    private TokenLedger ledger() {
        return balancer.getLedger();
    }

    @Test
    void eachRequestReachesOnlyOutputsServingItsModel() {
        for (String model : List.of("llama", "qwen", "sql-lora")) {
            for (int i = 0; i < 12; i++) {
                assertNull(send(model).getException());
            }
        }
        assertEquals(List.of(), List.copyOf(violations));
        assertTrue(reached.contains("direct:llama=llama") && reached.contains("direct:shared=llama"),
                reached::toString);
        assertTrue(reached.contains("direct:qwen=qwen") && reached.contains("direct:shared=qwen"), reached::toString);
        assertEquals(12, reached.stream().filter(r -> r.equals("direct:llama=sql-lora")).count(),
                "the adapter goes only to the output listing it");
    }

    @Test
    void aModelNoOutputServesFailsBeforeAnythingIsReservedOrCalled() {
        Exchange reply = send("mistral");
        ModelNotServedException e = assertInstanceOf(ModelNotServedException.class, reply.getException());
        assertEquals("mistral", e.model());
        assertEquals("The model 'mistral' does not exist", e.reason());
        assertTrue(reached.isEmpty(), "no output called");
        assertEquals(0, ledger().snapshot().stream().mapToLong(TargetStats::totalRequests).sum());
        assertEquals(0, ledger().totalInflightTokens());
    }

    @Test
    void anAliasAndTheDefaultModelAreServedUnderTheServedModelsName() {
        assertNull(send("gpt-4o").getException());
        assertNull(send(null).getException());
        assertEquals(List.of(), List.copyOf(violations), "the body's model was rewritten to qwen");
        assertEquals(2, reached.stream().filter(r -> r.endsWith("=qwen")).count(), reached::toString);
    }

    @Test
    void whenEveryOutputOfAModelIsOutItsFallbackServesItAndSaysSo() {
        balancer.pauseBackend("llama-gpu", 60_000);
        Exchange reply = send("sql-lora");
        assertNull(reply.getException());
        assertEquals(List.of(), List.copyOf(violations));
        assertTrue(reached.stream().allMatch(r -> r.endsWith("=qwen")), reached::toString);
        String decision = reply.getProperty(TokenLbConstants.DECISION, String.class);
        assertEquals("model=qwen; fallback-for=sql-lora", decision);
        assertEquals("qwen", reply.getProperty(TokenLbConstants.SERVED_MODEL));
    }

    @Test
    void withoutAFallbackAModelWhoseOutputsAreAllOutGetsNoTarget() {
        balancer.pauseBackend("llama-gpu", 60_000);
        balancer.pauseBackend("shared-gpu", 60_000);
        Exchange reply = send("llama");
        NoTargetAvailableException e = assertInstanceOf(NoTargetAvailableException.class, reply.getException());
        assertTrue(e.reason().contains("serving model 'llama'"), e.reason());
        assertTrue(reached.isEmpty());
        assertEquals(0, ledger().totalInflightTokens());
    }

    @Test
    void underConcurrencyNoRequestReachesAnOutputWithoutItsModelAndTheLedgerEndsAtZero() throws Exception {
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            done.add(pool.submit(() -> {
                go.await();
                int failed = 0;
                for (int i = 0; i < perThread; i++) {
                    failed += send((seed + i) % 2 == 0 ? "llama" : "qwen").getException() == null ? 0 : 1;
                }
                return failed;
            }));
        }
        go.countDown();
        int failed = 0;
        for (Future<Integer> f : done) {
            failed += f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, failed);
        assertEquals(List.of(), List.copyOf(violations));
        assertEquals(threads * perThread, reached.size());
        assertEquals(0, ledger().totalInflightTokens());
        assertEquals(0, ledger().totalInflightRequests());
    }
}
