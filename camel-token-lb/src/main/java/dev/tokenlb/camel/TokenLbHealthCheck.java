package dev.tokenlb.camel;

import java.util.Map;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.health.BackendHealth;
import dev.tokenlb.ledger.TokenLedger;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel readiness check {@code tokenlb/backends}: DOWN while some {@link TokenAwareLoadBalancer} in the registry has
 * no backend it may send to (every one ejected), UP otherwise. Details name each balancer's usable backends. A
 * liveness check it is not: a gateway whose backends are all down is alive and will serve again when they return.
 * <p>
 * Register it with {@code HealthCheckRegistry.get(context).register(new TokenLbHealthCheck())}, or bind it as a bean.
 * Thread-safe.
 */
public class TokenLbHealthCheck extends AbstractHealthCheck {

    public TokenLbHealthCheck() {
        super("tokenlb", "backends");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean up = true;
        int n = 0;
        for (Map.Entry<String, TokenAwareLoadBalancer> e : getCamelContext().getRegistry()
                .findByTypeWithName(TokenAwareLoadBalancer.class).entrySet()) {
            TokenLedger ledger = e.getValue().getLedger();
            BackendHealth health = e.getValue().getHealth();
            if (ledger == null || health == null) {
                continue; // not started
            }
            n++;
            int admitted = health.admittedCount();
            builder.detail(e.getKey() + ".backends", ledger.size());
            builder.detail(e.getKey() + ".usable", admitted);
            if (admitted == 0) {
                up = false;
                builder.message("no usable backend for balancer '" + e.getKey() + "': all " + ledger.size()
                                + " are ejected (next back in " + health.millisUntilAdmitted() + " ms)");
            }
        }
        builder.detail("balancers", n);
        if (up) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
