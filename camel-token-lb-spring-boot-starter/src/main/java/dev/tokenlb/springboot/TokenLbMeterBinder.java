package dev.tokenlb.springboot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.balance.AttemptOutcome;
import dev.tokenlb.balance.BalancerListener;
import dev.tokenlb.health.BackendHealth;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The balancers' figures in Micrometer (so {@code /actuator/prometheus} shows them), tagged {@code balancer} with the
 * bean name: per balancer the tokens and requests in flight and the usable backends; per backend the tokens and
 * requests in flight, tokens routed, ejections, whether it is usable now, attempts by outcome and failovers; the time
 * a pick takes; and requests for which no backend could be picked.
 * <p>
 * A balancer knows its backends only once its route has started (the {@code loadBalance} builds its targets then),
 * so the per-backend meters are bound by {@link #balancersStarted()} after Camel has started; the per-balancer
 * gauges are bound at once. Events come through the balancer's {@link BalancerListener}; a listener the application
 * set before is still called.
 * <p>
 * Thread-safe.
 */
public class TokenLbMeterBinder implements MeterBinder {

    private final Map<String, TokenAwareLoadBalancer> balancers;
    private final List<MeterRegistry> registries = new ArrayList<>();
    private boolean started;

    /** @param balancers the balancers by bean name */
    public TokenLbMeterBinder(Map<String, TokenAwareLoadBalancer> balancers) {
        this.balancers = Map.copyOf(balancers);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        registries.add(registry);
        balancers.forEach((name, balancer) -> {
            Gauge.builder("tokenlb.inflight.tokens", balancer, TokenAwareLoadBalancer::getInflightTokens)
                    .description("Tokens reserved over all backends and not yet released").tag("balancer", name)
                    .register(registry);
            Gauge.builder("tokenlb.inflight.requests", balancer, TokenAwareLoadBalancer::getInflightRequests)
                    .description("Requests in flight over all backends").tag("balancer", name).register(registry);
            Gauge.builder("tokenlb.usable.backends", balancer, TokenAwareLoadBalancer::getUsableBackends)
                    .description("Backends that may take a request now (not ejected)").tag("balancer", name)
                    .register(registry);
        });
        if (started) {
            bindBackends(List.of(registry));
        }
    }

    /** Binds the per-backend meters of every started balancer and starts hearing their events. Idempotent. */
    public synchronized void balancersStarted() {
        if (!started) {
            started = true;
            bindBackends(registries);
        }
    }

    private void bindBackends(List<MeterRegistry> to) {
        balancers.forEach((name, balancer) -> {
            TokenLedger ledger = balancer.getLedger();
            if (ledger == null) {
                return; // its route is not started (autoStartup false): nothing to count yet
            }
            Events events = new Events(balancer.getListener());
            for (MeterRegistry registry : to) {
                bindBackends(registry, name, balancer, ledger, events);
            }
            balancer.setListener(events);
        });
    }

    private static void bindBackends(MeterRegistry registry, String name, TokenAwareLoadBalancer balancer,
                                     TokenLedger ledger, Events events) {
        BackendHealth health = balancer.getHealth();
        for (int i = 0; i < ledger.size(); i++) {
            int index = i;
            Target target = ledger.target(i);
            String backend = target.name();
            Gauge.builder("tokenlb.backend.inflight.tokens", ledger, l -> l.inflightTokens(index))
                    .description("Tokens reserved on the backend and not yet released")
                    .tags("balancer", name, "backend", backend).register(registry);
            Gauge.builder("tokenlb.backend.inflight.requests", ledger, l -> l.inflightRequests(index))
                    .description("Requests in flight on the backend").tags("balancer", name, "backend", backend)
                    .register(registry);
            FunctionCounter.builder("tokenlb.backend.routed.tokens", ledger,
                            l -> l.snapshot().get(index).totalTokens())
                    .description("Tokens reserved on the backend since start")
                    .tags("balancer", name, "backend", backend).register(registry);
            FunctionCounter.builder("tokenlb.backend.ejections", health, h -> h.ejections(index))
                    .description("Times the backend was ejected").tags("balancer", name, "backend", backend)
                    .register(registry);
            Gauge.builder("tokenlb.backend.usable", health, h -> h.admits(index) ? 1 : 0)
                    .description("1 if the backend may take a request now, 0 while ejected")
                    .tags("balancer", name, "backend", backend).register(registry);
            for (AttemptOutcome outcome : AttemptOutcome.values()) {
                events.attempts.computeIfAbsent(key(target, outcome), k -> new ArrayList<>())
                        .add(Counter.builder("tokenlb.backend.attempts").description("Attempts at the backend by outcome")
                                .tags("balancer", name, "backend", backend, "outcome", outcome.label())
                                .register(registry));
                events.failovers.computeIfAbsent(key(target, outcome), k -> new ArrayList<>())
                        .add(Counter.builder("tokenlb.failovers")
                                .description("Requests sent on to another backend after a failed attempt at this one")
                                .tags("balancer", name, "backend", backend, "outcome", outcome.label())
                                .register(registry));
            }
        }
        events.picks.add(Timer.builder("tokenlb.pick")
                .description("Time to pick a backend and reserve the request's tokens").tag("balancer", name)
                .register(registry));
        events.noBackend.add(Counter.builder("tokenlb.no.backend")
                .description("Requests for which no backend could be picked").tags("balancer", name, "reason", "ejected")
                .register(registry));
        events.allTried.add(Counter.builder("tokenlb.no.backend")
                .description("Requests for which no backend could be picked")
                .tags("balancer", name, "reason", "all-tried").register(registry));
    }

    private static String key(Target target, AttemptOutcome outcome) {
        return target.name() + '\u0000' + outcome.name();
    }

    /** Counts one balancer's events into its meters (one per registry), then tells the listener that was there before. */
    private static final class Events implements BalancerListener {

        private final BalancerListener previous;
        private final Map<String, List<Counter>> attempts = new ConcurrentHashMap<>();
        private final Map<String, List<Counter>> failovers = new ConcurrentHashMap<>();
        private final List<Timer> picks = new CopyOnWriteArrayList<>();
        private final List<Counter> noBackend = new CopyOnWriteArrayList<>();
        private final List<Counter> allTried = new CopyOnWriteArrayList<>();

        Events(BalancerListener previous) {
            this.previous = previous == null ? BalancerListener.NONE : previous;
        }

        @Override
        public void picked(Target target, long cost, long pickNanos) {
            picks.forEach(t -> t.record(pickNanos, TimeUnit.NANOSECONDS));
            previous.picked(target, cost, pickNanos);
        }

        @Override
        public void attempted(Target target, AttemptOutcome outcome) {
            attempts.getOrDefault(key(target, outcome), List.of()).forEach(Counter::increment);
            previous.attempted(target, outcome);
        }

        @Override
        public void failedOver(Target from, AttemptOutcome outcome) {
            failovers.getOrDefault(key(from, outcome), List.of()).forEach(Counter::increment);
            previous.failedOver(from, outcome);
        }

        @Override
        public void noTarget(boolean noneAdmitted) {
            (noneAdmitted ? noBackend : allTried).forEach(Counter::increment);
            previous.noTarget(noneAdmitted);
        }
    }
}
