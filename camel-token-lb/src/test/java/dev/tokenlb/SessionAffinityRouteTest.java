package dev.tokenlb;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Session affinity in a real route: a conversation whose client writes each turn with other spacing (so that its raw
 * bytes never match the last turn's) still goes back where its last prompt went, because it names its session.
 */
class SessionAffinityRouteTest extends CamelTestSupport {

    private final TokenAwareLoadBalancer balancer = new TokenAwareLoadBalancer();

    @Override
    protected RouteBuilder createRouteBuilder() {
        balancer.setStrategy("latency");
        balancer.setNames("a,b,c");
        TokenCountingProcessor counting = new TokenCountingProcessor();
        counting.setSessionKey("header:x-session-id");
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start").errorHandler(noErrorHandler())
                        .process(counting)
                        .loadBalance(balancer).to("direct:a", "direct:b", "direct:c").end()
                        .setBody(exchangeProperty(TokenLbConstants.TARGET));
                from("direct:a").log("a");
                from("direct:b").log("b");
                from("direct:c").log("c");
            }
        };
    }

    /** The conversation so far; turn by turn the client alternates between compact and spaced JSON. */
    private static String chat(int conversation, int turns) {
        String sep = turns % 2 == 0 ? "" : " ";
        StringBuilder sb = new StringBuilder("{\"messages\":" + sep + "[{\"role\":" + sep + "\"system\","
                + sep + "\"content\":" + sep + "\"");
        sb.append(("Conversation " + conversation + " has its own long briefing. ").repeat(60)).append("\"}");
        for (int t = 0; t < turns; t++) {
            sb.append(",").append(sep).append("{\"role\":").append(sep).append("\"user\",").append(sep)
                    .append("\"content\":").append(sep).append("\"question ").append(t).append("\"}");
        }
        return sb.append(",").append(sep).append("{\"role\":\"user\",\"content\":\"next\"}],\"max_tokens\":50}")
                .toString();
    }

    private String send(int conversation, int turns, String session) {
        return session == null
                ? template.requestBody("direct:start", chat(conversation, turns), String.class)
                : template.requestBodyAndHeader("direct:start", chat(conversation, turns), "x-session-id", session,
                        String.class);
    }

    @Test
    void aNamedSessionGoesBackWhereItsLastPromptWentWhateverItsBytes() {
        Map<Integer, String> home = new HashMap<>();
        for (int c = 0; c < 3; c++) {
            home.put(c, send(c, 0, "conversation-" + c));
        }
        assertEquals(3, new HashSet<>(home.values()).size(), "three idle targets, three conversations: " + home);
        for (int turn = 1; turn <= 5; turn++) {
            for (int k = 0; k < 3; k++) {
                int c = (k + turn) % 3; // another order each turn, so that no tie-break can replay the first one
                assertEquals(home.get(c), send(c, turn, "conversation-" + c), "conversation " + c + " turn " + turn);
            }
        }
        assertEquals(0, balancer.getLedger().totalInflightTokens());
        assertEquals(0, balancer.getLedger().totalInflightRequests());
    }
}
