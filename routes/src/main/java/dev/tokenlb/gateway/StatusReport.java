package dev.tokenlb.gateway;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.ledger.TargetStats;
import dev.tokenlb.ledger.TokenLedger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * {@code GET /tokenlb/status}: the strategy and, per backend, its name, URL, weight, in-flight tokens and requests,
 * and the totals routed since start. Thread-safe; the figures are read without stopping traffic, so they are a
 * moment's view, each exact on its own.
 */
final class StatusReport implements Processor {

    private final TokenAwareLoadBalancer balancer;

    StatusReport(TokenAwareLoadBalancer balancer) {
        this.balancer = balancer;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(toJson().toJson());
    }

    JsonObject toJson() {
        JsonObject root = new JsonObject();
        root.put("strategy", balancer.getStrategy());
        TokenLedger ledger = balancer.getLedger();
        JsonArray backends = new JsonArray();
        long tokens = 0;
        long requests = 0;
        if (ledger != null) {
            for (TargetStats s : ledger.snapshot()) {
                JsonObject b = new JsonObject();
                b.put("name", s.target().name());
                b.put("url", s.target().url());
                b.put("weight", s.target().weight());
                b.put("inflightTokens", s.inflightTokens());
                b.put("inflightRequests", s.inflightRequests());
                b.put("totalRequests", s.totalRequests());
                b.put("totalTokens", s.totalTokens());
                backends.add(b);
                tokens += s.inflightTokens();
                requests += s.inflightRequests();
            }
        }
        root.put("inflightTokens", tokens);
        root.put("inflightRequests", requests);
        root.put("backends", backends);
        return root;
    }
}
