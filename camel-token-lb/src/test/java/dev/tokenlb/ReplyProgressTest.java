package dev.tokenlb;

import dev.tokenlb.balance.ReplyProgress;
import dev.tokenlb.cost.LearnedOutputEstimator;
import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.TokenLedger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reply relayed through ReplyProgress counts the lease down, and the balancer learns from it. */
class ReplyProgressTest extends CamelTestSupport {

    private final TokenAwareLoadBalancer balancer = new TokenAwareLoadBalancer();
    private final TokenCountingProcessor counter = new TokenCountingProcessor();
    private final LearnedOutputEstimator estimator = new LearnedOutputEstimator(100);
    private final long[] heldAt = new long[4];

    @Override
    protected RouteBuilder createRouteBuilder() {
        balancer.setDecay(true);
        counter.setOutputEstimator(estimator);
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start")
                        .process(counter)
                        .loadBalance(balancer).to("direct:backend").end()
                        .process(this::relay);
                from("direct:backend").process(e -> { });
            }

            /** Plays the part of a relay: first byte, 150 streamed tokens, end. */
            private void relay(Exchange exchange) throws InterruptedException {
                TokenLedger ledger = balancer.getLedger();
                ReplyProgress progress = ReplyProgress.of(exchange);
                heldAt[0] = ledger.totalInflightTokens();
                progress.firstByte();
                heldAt[1] = ledger.totalInflightTokens();
                for (int k = 1; k <= 50; k++) {
                    progress.outputTokens(k);
                }
                heldAt[2] = ledger.totalInflightTokens();
                for (int k = 51; k <= 150; k++) {
                    progress.outputTokens(k);
                    Thread.sleep(0, 100_000);
                }
                heldAt[3] = ledger.totalInflightTokens();
                progress.finished(-1);
            }
        };
    }

    @Test
    void countsTheWorkDownAsTheReplyStreamsAndReturnsToZero() {
        Exchange result = template.send("direct:start",
                e -> e.getIn().setBody("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"));
        long prompt = result.getProperty(TokenLbConstants.PROMPT_TOKENS, Long.class);
        assertEquals(prompt + 100, heldAt[0], "prompt + expected output reserved");
        assertEquals(100, heldAt[1], "the prompt's share goes with the first byte");
        assertEquals(50, heldAt[2], "50 of 100 expected tokens are left");
        assertEquals(75, heldAt[3], "past its expectation a reply is expected to run on for half its age");
        assertEquals(0, balancer.getLedger().totalInflightTokens());
        assertEquals(0, balancer.getLedger().totalInflightRequests());
        assertEquals(150, estimator.accuracy().get(0).meanObserved(), 1e-9);
        assertTrue(balancer.getSpeeds().decodeTokensPerSecond(0) > 0);
    }

    @Test
    void aLeaseAdjustedAfterReleaseChangesNothing() {
        TokenLedger ledger = new TokenLedger(java.util.List.of(new dev.tokenlb.ledger.Target("t", null, 1)));
        Lease lease = ledger.reserveOn(0, 500);
        lease.adjustRemaining(200);
        assertEquals(200, ledger.inflightTokens(0));
        lease.release();
        lease.adjustRemaining(300);
        assertEquals(0, ledger.inflightTokens(0));
        assertEquals(0, ledger.inflightRequests(0));
    }
}
