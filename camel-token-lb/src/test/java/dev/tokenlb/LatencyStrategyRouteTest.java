package dev.tokenlb;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code latency} strategy in a real route: a conversation's next turn goes where its earlier turns went (its
 * prefix is cached there), while different conversations spread, and the ledger is back to 0 afterwards.
 */
class LatencyStrategyRouteTest extends CamelTestSupport {

    private final TokenAwareLoadBalancer balancer = new TokenAwareLoadBalancer();

    @Override
    protected RouteBuilder createRouteBuilder() {
        balancer.setStrategy("latency");
        balancer.setNames("a,b,c");
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start").errorHandler(noErrorHandler())
                        .process(new TokenCountingProcessor())
                        .loadBalance(balancer).to("direct:a", "direct:b", "direct:c").end()
                        .setBody(exchangeProperty(TokenLbConstants.TARGET));
                from("direct:a").process(e -> holdIfAsked(e));
                from("direct:b").process(e -> holdIfAsked(e));
                from("direct:c").process(e -> holdIfAsked(e));
            }
        };
    }

    private final CountDownLatch replyEnds = new CountDownLatch(1);

    private void holdIfAsked(org.apache.camel.Exchange exchange) throws InterruptedException {
        if (exchange.getIn().getHeader("hold") != null) {
            assertTrue(replyEnds.await(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPlainRepliesPromptLeavesThePrefillQueueWhenItsPrefillIsExpectedNotWhenItsReplyEnds() throws Exception {
        var reply = template.asyncRequestBodyAndHeader("direct:start", chat(7, 2), "hold", true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (balancer.getLedger().totalInflightRequests() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(1, balancer.getLedger().totalInflightRequests(), "the request is on its way");
        while (pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, pending(), "the prompt left the prefill queue while the reply still runs");
        assertEquals(1, balancer.getLedger().totalInflightRequests(), "the request itself still holds its tokens");
        replyEnds.countDown();
        reply.get(10, TimeUnit.SECONDS);
        assertEquals(0, balancer.getLedger().totalInflightTokens());
        assertEquals(0, balancer.getLedger().totalInflightRequests());
        assertEquals(0, pending());
    }

    private long pending() {
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += balancer.getLedger().pendingPrefillTokens(i) + balancer.getLedger().pendingRequests(i);
        }
        return sum;
    }

    private static String chat(int conversation, int turns) {
        StringBuilder sb = new StringBuilder("{\"messages\":[{\"role\":\"system\",\"content\":\"");
        sb.append(("Conversation " + conversation + " has its own long briefing. ").repeat(60)).append("\"}");
        for (int t = 0; t < turns; t++) {
            sb.append(",{\"role\":\"user\",\"content\":\"question ").append(t).append(" of ").append(conversation)
                    .append("\"},{\"role\":\"assistant\",\"content\":\"")
                    .append(("answer " + t + " goes on. ").repeat(20)).append("\"}");
        }
        return sb.append(",{\"role\":\"user\",\"content\":\"next\"}],\"max_tokens\":50}").toString();
    }

    @Test
    void aConversationStaysWhereItsPrefixIsWhileConversationsSpread() {
        Map<Integer, String> home = new HashMap<>();
        for (int c = 0; c < 3; c++) {
            home.put(c, template.requestBody("direct:start", chat(c, 0), String.class));
        }
        assertEquals(3, new HashSet<>(home.values()).size(), "three idle targets, three conversations: " + home);
        for (int turn = 1; turn <= 4; turn++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(home.get(c), template.requestBody("direct:start", chat(c, turn), String.class),
                        "conversation " + c + " turn " + turn);
            }
        }
        assertEquals(0, balancer.getLedger().totalInflightTokens());
        assertEquals(0, balancer.getLedger().totalInflightRequests());
    }

    @Test
    void manyThreadsLeaveTheLedgerAtExactlyZero() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        Set<String> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int t = 0; t < threads; t++) {
            int conversation = t % 4;
            new Thread(() -> {
                try {
                    start.await();
                    for (int k = 0; k < 25; k++) {
                        used.add(template.requestBody("direct:start", chat(conversation, k % 5), String.class));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        start.countDown();
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertEquals(0, balancer.getLedger().totalInflightTokens());
        assertEquals(0, balancer.getLedger().totalInflightRequests());
        for (int i = 0; i < 3; i++) {
            assertEquals(0, balancer.getLedger().pendingPrefillTokens(i));
            assertEquals(0, balancer.getLedger().pendingRequests(i));
        }
        assertTrue(used.size() >= 2, "work spread: " + used);
    }
}
