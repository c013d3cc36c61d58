package dev.tokenlb.balance;

import java.util.Locale;

import dev.tokenlb.cost.ServiceTimes;
import dev.tokenlb.health.BackendHealth;
import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.TokenLedger;

/**
 * Why a target was chosen, in one header-safe line: this request's cost, then each candidate's load as the pick saw
 * it (the chosen one without this request's own reservation), for example
 * {@code strategy=tokens; cost=1480; prompt=1224; picked=backend-2; backend-1: tokens=5210 requests=3 weight=1.00
 * healthy; backend-2: tokens=900 requests=1 weight=1.00 healthy}, with the prompt tokens probably cached on each
 * backend ({@code cached=}), other clients' requests seen in its engine's metrics ({@code foreign=}) and, for the
 * {@code latency} strategy, its calibrated prefill rate and decode step. Read just after the reservation, so
 * concurrent requests may have moved the other counters a little.
 */
final class DecisionText {

    private DecisionText() {
    }

    static String describe(String strategy, TokenLedger ledger, BackendHealth health, Lease lease, long cost,
                           long prompt, int attempt, long[] cached, ForeignLoad foreign, ServiceTimes times) {
        StringBuilder sb = new StringBuilder(64 + 80 * ledger.size());
        sb.append("strategy=").append(strategy).append("; cost=").append(cost).append("; prompt=").append(prompt)
                .append("; attempt=").append(attempt).append("; picked=").append(lease.target().name());
        for (int i = 0; i < ledger.size(); i++) {
            boolean mine = i == lease.index();
            long tokens = ledger.inflightTokens(i) - (mine ? lease.held() : 0);
            int requests = ledger.inflightRequests(i) - (mine ? 1 : 0);
            sb.append("; ").append(ledger.target(i).name()).append(": tokens=").append(tokens)
                    .append(" requests=").append(requests)
                    .append(" weight=").append(String.format(Locale.ROOT, "%.2f", ledger.effectiveWeight(i)))
                    .append(' ').append(health == null ? "healthy" : health.state(i).label());
            if (cached != null) {
                sb.append(" cached=").append(cached[i]);
            }
            double others = foreign == null ? 0 : foreign.requests(i);
            if (others > 0) {
                sb.append(" foreign=").append(Math.round(others));
            }
            if (times != null && "latency".equals(strategy)) {
                ServiceTimes.Coefficients c = times.coefficients(i);
                sb.append(String.format(Locale.ROOT, " prefill=%.0ftok/s step=%.1fms", 1 / c.prefillSecondsPerToken(),
                        c.stepSeconds(1) * 1000));
            }
        }
        return sb.toString();
    }
}
