package dev.tokenlb.gateway.ops;

import java.util.Map;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.cluster.ClusterStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * The shared ledger in {@code /tokenlb/status} ({@code ledger}: in-memory, or the store, this replica, whether it is
 * degraded and why, the live replicas, and per backend the tokens and requests in flight across replicas with each
 * replica's share) and in Prometheus ({@code tokenlb_ledger_degraded}, {@code tokenlb_ledger_replicas},
 * {@code tokenlb_cluster_inflight_tokens}). Stateless.
 */
final class ClusterReport {

    private ClusterReport() {
    }

    static JsonObject toJson(TokenAwareLoadBalancer balancer) {
        JsonObject ledger = new JsonObject();
        ClusterStatus s = balancer.getClusterStatus();
        if (s == null) {
            ledger.put("shared", false);
            return ledger;
        }
        ledger.put("shared", true);
        ledger.put("url", s.url());
        ledger.put("replica", s.replica());
        ledger.put("degraded", s.degraded());
        if (s.reason() != null) {
            ledger.put("reason", s.reason());
        }
        ledger.put("replicas", s.replicas());
        JsonArray backends = new JsonArray();
        for (ClusterStatus.Backend b : s.backends()) {
            JsonObject o = new JsonObject();
            o.put("name", b.name());
            o.put("inflightTokens", b.tokens());
            o.put("inflightRequests", b.requests());
            JsonObject shares = new JsonObject();
            for (Map.Entry<String, Long> e : b.tokensByReplica().entrySet()) {
                shares.put(e.getKey(), e.getValue());
            }
            o.put("tokensByReplica", shares);
            backends.add(o);
        }
        ledger.put("backends", backends);
        return ledger;
    }

    static void bind(MeterRegistry registry, TokenAwareLoadBalancer balancer) {
        Gauge.builder("tokenlb.ledger.degraded", () -> {
            ClusterStatus s = balancer.getClusterStatus();
            return s != null && s.degraded() ? 1 : 0;
        }).description("1 while the shared ledger is unavailable and this replica balances on its own ledger alone")
                .register(registry);
        Gauge.builder("tokenlb.ledger.replicas", () -> {
            ClusterStatus s = balancer.getClusterStatus();
            return s == null ? 1 : s.replicas();
        }).description("Live replicas sharing the ledger, this one included (1 when not shared, 0 while degraded)")
                .register(registry);
        if (balancer.getClusterStatus() == null) {
            return;
        }
        int n = balancer.getLedger().size();
        for (int i = 0; i < n; i++) {
            int index = i;
            Gauge.builder("tokenlb.cluster.inflight.tokens", () -> balancer.getClusterStatus().backends().get(index)
                            .tokens())
                    .description("Tokens in flight on the backend across every replica sharing the ledger")
                    .tag("backend", balancer.getLedger().target(i).name()).register(registry);
        }
    }
}
