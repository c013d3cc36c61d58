package dev.tokenlb.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.health.BackendHealth;
import dev.tokenlb.ledger.TokenLedger;
import org.apache.camel.support.console.AbstractDevConsole;

/**
 * Camel dev console {@code tokenlb}: the live table of every {@link TokenAwareLoadBalancer} in the registry, per
 * backend its in-flight tokens and requests, weight as picks see it, health and totals. Found by camel-console
 * through {@code META-INF/services/org/apache/camel/dev-console/tokenlb} (with
 * {@code camel.main.dev-console-enabled=true}, or {@code DevConsoleRegistry.resolveById("tokenlb")}).
 * <p>
 * Thread-safe.
 */
@org.apache.camel.spi.annotations.DevConsole(name = "tokenlb", description = "Token-aware load balancers")
public class TokenLbDevConsole extends AbstractDevConsole {

    public TokenLbDevConsole() {
        super("camel", "tokenlb", "Token LB", "Token-aware load balancers: load and health per backend");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> balancer : rows().entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> b = (Map<String, Object>) balancer.getValue();
            sb.append(String.format(Locale.ROOT, "Balancer %s (strategy %s)%n", balancer.getKey(), b.get("strategy")));
            sb.append(String.format(Locale.ROOT, "  %-16s %12s %9s %8s %-9s %9s %12s%n", "backend", "inflight-tok",
                    "requests", "weight", "health", "ejections", "total-req"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> backends = (List<Map<String, Object>>) b.get("backends");
            for (Map<String, Object> r : backends) {
                sb.append(String.format(Locale.ROOT, "  %-16s %12d %9d %8.2f %-9s %9d %12d%n", r.get("name"),
                        r.get("inflightTokens"), r.get("inflightRequests"), r.get("weight"), r.get("health"),
                        r.get("ejections"), r.get("totalRequests")));
            }
        }
        return sb.length() == 0 ? "No token-aware load balancer is running\n" : sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("balancers", rows());
        return root;
    }

    private Map<String, Object> rows() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, TokenAwareLoadBalancer> e : getCamelContext().getRegistry()
                .findByTypeWithName(TokenAwareLoadBalancer.class).entrySet()) {
            TokenLedger ledger = e.getValue().getLedger();
            BackendHealth health = e.getValue().getHealth();
            if (ledger == null) {
                continue;
            }
            List<Map<String, Object>> backends = new ArrayList<>();
            for (int i = 0; i < ledger.size(); i++) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("name", ledger.target(i).name());
                r.put("inflightTokens", ledger.inflightTokens(i));
                r.put("inflightRequests", ledger.inflightRequests(i));
                r.put("weight", ledger.effectiveWeight(i));
                r.put("health", health == null ? "healthy" : health.state(i).label());
                r.put("ejections", health == null ? 0L : health.ejections(i));
                r.put("totalRequests", ledger.snapshot().get(i).totalRequests());
                backends.add(r);
            }
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("strategy", e.getValue().getStrategy());
            b.put("backends", backends);
            out.put(e.getKey(), b);
        }
        return out;
    }
}
