package dev.tokenlb.gateway.ops;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import dev.tokenlb.balance.AttemptOutcome;
import dev.tokenlb.balance.BalancerListener;
import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.TokenCountingProcessor;
import dev.tokenlb.cost.LearnedOutputEstimator;
import dev.tokenlb.health.BackendHealth;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.model.ModelCatalog;
import dev.tokenlb.model.ServedModels;
import dev.tokenlb.tenant.TenantUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The gateway's metrics in Prometheus text ({@code GET /metrics}): per backend the tokens and requests in flight,
 * tokens routed, attempts by outcome, failovers, ejections and health; the pick's latency; the gateway's requests in
 * flight and its replies by status; per tenant its requests, tokens and rejections; with the learned output estimate,
 * its error per model; and per model ({@link ModelTraffic}, the tag bounded) requests, prompt and output tokens, 404
 * refusals and fallbacks. Counters the balancer keeps are read when scraped; events come through
 * {@link BalancerListener}.
 * <p>
 * Thread-safe.
 */
public final class GatewayMetrics implements BalancerListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public GatewayMetrics() {
        // the JVM's own: heap and threads are what open streams cost (see the README's sizing section)
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    private final Timer pick = Timer.builder("tokenlb.pick")
            .description("Time to pick a backend and reserve the request's tokens")
            .publishPercentiles(0.5, 0.99)
            .register(registry);

    private final Counter noTargetEjected = Counter.builder("tokenlb.no.backend")
            .description("Requests for which no backend could be picked").tag("reason", "ejected").register(registry);
    private final Counter noTargetAllTried = Counter.builder("tokenlb.no.backend")
            .description("Requests for which no backend could be picked").tag("reason", "all-tried").register(registry);
    /** By status (0: the client hung up first); filled as statuses occur. */
    private final AtomicReferenceArray<Counter> replies = new AtomicReferenceArray<>(600);
    private volatile Map<Target, Counter[]> attempts = Map.of();
    private volatile Map<Target, Counter[]> failovers = Map.of();
    private volatile TenantMetricsBinder tenants;
    /** Until {@link #bind}: no model is listed, so every name counts as other. */
    private volatile ModelTraffic models = new ModelTraffic(registry, m -> false);

    /** Binds the balancer's per-backend state and starts hearing its events. */
    public void bind(TokenAwareLoadBalancer balancer, TokenCountingProcessor counter, IntSupplier gatewayInflight) {
        TokenLedger ledger = balancer.getLedger();
        BackendHealth health = balancer.getHealth();
        Map<Target, Counter[]> attemptCounters = new HashMap<>();
        Map<Target, Counter[]> failoverCounters = new HashMap<>();
        for (int i = 0; i < ledger.size(); i++) {
            int index = i;
            Target target = ledger.target(i);
            String name = target.name();
            attemptCounters.put(target, perOutcome("tokenlb.backend.attempts", "Attempts at the backend by outcome",
                    target));
            failoverCounters.put(target, perOutcome("tokenlb.failovers",
                    "Requests sent on to another backend after a failed attempt at this one", target));
            Gauge.builder("tokenlb.backend.inflight.tokens", () -> ledger.inflightTokens(index))
                    .description("Tokens reserved on the backend and not yet released").tag("backend", name)
                    .register(registry);
            Gauge.builder("tokenlb.backend.inflight.requests", () -> ledger.inflightRequests(index))
                    .description("Requests in flight on the backend").tag("backend", name).register(registry);
            FunctionCounter.builder("tokenlb.backend.routed.tokens", ledger,
                    l -> l.snapshot().get(index).totalTokens())
                    .description("Tokens reserved on the backend since start").tag("backend", name)
                    .register(registry);
            FunctionCounter.builder("tokenlb.backend.ejections", health, h -> h.ejections(index))
                    .description("Times the backend was ejected").tag("backend", name).register(registry);
            Gauge.builder("tokenlb.backend.usable", () -> health.admits(index) ? 1 : 0)
                    .description("1 if the backend may take a request now, 0 while ejected").tag("backend", name)
                    .register(registry);
            Gauge.builder("tokenlb.backend.speed", () -> balancer.getSpeeds().relativeSpeed(index))
                    .description("Learned decode speed relative to the other backends").tag("backend", name)
                    .register(registry);
        }
        if (balancer.getBalancer() != null) {
            EngineMetricsBinder.bind(registry, balancer.getBalancer());
        }
        ClusterReport.bind(registry, balancer);
        Gauge.builder("tokenlb.gateway.inflight.requests", gatewayInflight::getAsInt)
                .description("Requests the gateway is serving now").register(registry);
        if (counter != null && counter.getOutputEstimator() instanceof LearnedOutputEstimator learned) {
            Gauge.builder("tokenlb.output.estimate.mean.absolute.error", () -> meanAbsoluteError(learned))
                    .description("Mean absolute error of the learned output estimate, in tokens, over all models")
                    .register(registry);
        }
        if (counter != null) {
            FunctionCounter.builder("tokenlb.count.cache.hits", counter,
                            c -> c.tokenCounter() == null ? 0 : c.tokenCounter().cacheHits())
                    .description("Long prompt texts whose token count came from the count cache").register(registry);
            FunctionCounter.builder("tokenlb.count.cache.misses", counter,
                            c -> c.tokenCounter() == null ? 0 : c.tokenCounter().cacheMisses())
                    .description("Long prompt texts that had to be tokenized").register(registry);
        }
        ModelCatalog catalog = balancer.getModelCatalog();
        if (catalog != null) {
            models = new ModelTraffic(registry, model -> listed(catalog, model));
        }
        attempts = Map.copyOf(attemptCounters);
        failovers = Map.copyOf(failoverCounters);
        balancer.setListener(this);
    }

    private static double meanAbsoluteError(LearnedOutputEstimator learned) {
        List<LearnedOutputEstimator.ModelAccuracy> all = learned.accuracy();
        double sum = 0;
        long n = 0;
        for (LearnedOutputEstimator.ModelAccuracy a : all) {
            sum += a.meanAbsoluteError() * a.replies();
            n += a.replies();
        }
        return n == 0 ? 0 : sum / n;
    }

    /** True when some backend lists the model (configured or discovered), not merely takes any model. */
    private static boolean listed(ModelCatalog catalog, String model) {
        for (int i = 0; i < catalog.backends().size(); i++) {
            ServedModels served = catalog.backends().of(i);
            if (served.known() && served.serves(model)) {
                return true;
            }
        }
        return false;
    }

    /** Requests, tokens, refusals and fallbacks per model. */
    public ModelTraffic models() {
        return models;
    }

    @Override
    public void modelRouted(String model, long promptTokens) {
        models.routed(model, promptTokens);
    }

    @Override
    public void modelReplied(String model, long outputTokens) {
        models.replied(model, outputTokens);
    }

    @Override
    public void modelRejected(String requested) {
        models.rejected(requested);
    }

    @Override
    public void modelFellBack(String from, String to) {
        models.fellBack(from);
    }

    @Override
    public void picked(Target target, long cost, long pickNanos) {
        pick.record(pickNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void attempted(Target target, AttemptOutcome outcome) {
        Counter[] byOutcome = attempts.get(target);
        if (byOutcome != null) {
            byOutcome[outcome.ordinal()].increment();
        }
    }

    @Override
    public void failedOver(Target from, AttemptOutcome outcome) {
        Counter[] byOutcome = failovers.get(from);
        if (byOutcome != null) {
            byOutcome[outcome.ordinal()].increment();
        }
    }

    @Override
    public void noTarget(boolean noneAdmitted) {
        (noneAdmitted ? noTargetEjected : noTargetAllTried).increment();
    }

    /** A reply left the gateway with this status; 0 if the client hung up before it ended. */
    public void replied(int status) {
        int slot = status >= 100 && status < 600 ? status : 0;
        Counter c = replies.get(slot);
        if (c == null) {
            c = Counter.builder("tokenlb.gateway.responses").description("Replies by HTTP status; closed: the client"
                                                                         + " hung up")
                    .tag("status", slot == 0 ? "closed" : Integer.toString(slot)).register(registry);
            replies.set(slot, c);
        }
        c.increment();
    }

    /** One counter per outcome, by the outcome's ordinal: made once, so counting on the request path allocates nothing. */
    private Counter[] perOutcome(String name, String description, Target target) {
        Counter[] out = new Counter[AttemptOutcome.values().length];
        for (AttemptOutcome o : AttemptOutcome.values()) {
            out[o.ordinal()] = Counter.builder(name).description(description).tag("backend", target.name())
                    .tag("outcome", o.label()).register(registry);
        }
        return out;
    }

    /** Adds per-tenant meters ({@link TenantMetricsBinder}), read from this source at each scrape. */
    public void bindTenants(Supplier<List<TenantUsage>> usage) {
        tenants = new TenantMetricsBinder(registry, usage);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        TenantMetricsBinder t = tenants;
        if (t != null) {
            t.refresh();
        }
        return registry.scrape();
    }
}
