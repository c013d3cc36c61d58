package dev.tokenlb.balance;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.cluster.ClusterStatus;
import dev.tokenlb.cluster.LedgerSettings;
import dev.tokenlb.cluster.SharedLedger;
import dev.tokenlb.cluster.SharedLedgers;
import dev.tokenlb.cost.BackendSpeeds;
import dev.tokenlb.cost.ServiceTimes;
import dev.tokenlb.engine.EngineScraper;
import dev.tokenlb.engine.ScrapeReport;
import dev.tokenlb.engine.ScrapeState;
import dev.tokenlb.health.ActiveProbe;
import dev.tokenlb.health.BackendHealth;
import dev.tokenlb.health.RetryAfter;
import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.QueueBound;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.model.BackendModels;
import dev.tokenlb.model.ModelCatalog;
import dev.tokenlb.model.ModelDiscovery;
import dev.tokenlb.model.ModelSettings;
import dev.tokenlb.pick.PickPolicies;
import dev.tokenlb.pick.PickPolicy;
import dev.tokenlb.prefix.PrefixStats;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;

/**
 * The running state of one token-aware {@code loadBalance}: its targets' ledger, health, learned speeds, pick policy
 * and failover rule, built once from {@link BalancerSettings}. {@link #process} sends one exchange through it (see
 * {@link BalancedCall}). The Camel-facing bean ({@code dev.tokenlb.TokenAwareLoadBalancer}) builds one when it is
 * initialized and delegates to it.
 * <p>
 * Thread-safe once built.
 */
public final class Balancer {

    private final BalancerSettings settings;
    private final TokenLedger ledger;
    private final BackendHealth health;
    private final BackendSpeeds speeds;
    private final ServiceTimes serviceTimes;
    /** Null when no engine metrics are read. */
    private final EngineDecode engineDecode;
    /** Null when no engine metrics are read. */
    private final EngineSlots engineSlots;
    private final ForeignLoad foreignLoad;
    private final EngineLoad engineLoad;
    private final PrefixAffinity affinity;
    /** Null when no engine metrics are read. */
    private final ActiveAdapters adapters;
    private ScheduledExecutorService engineScheduler;
    private final QueueBound queueBound;
    private final PickPolicy policy;
    private final FailoverRule failoverRule;
    private final String[] authorizations;
    private final ActiveProbe probe;
    private ScheduledExecutorService probeScheduler;
    private final ModelCatalog models;
    /** Null when no backend's models are discovered. */
    private final ModelDiscovery discovery;
    private ScheduledExecutorService modelScheduler;
    private volatile BalancerListener listener = BalancerListener.NONE;
    /** Null when the ledger is not shared with other replicas. */
    private final SharedLedger shared;
    private boolean attached;

    /** A balancer whose ledger is not shared, every target serving every model. */
    public Balancer(BalancerSettings settings, List<Target> targets, UnaryOperator<String> environment) {
        this(settings, targets, environment, ModelSettings.none(targets.size()), LedgerSettings.LOCAL);
    }

    /** A balancer routing each request only to targets serving its model; its ledger is not shared. */
    public Balancer(BalancerSettings settings, List<Target> targets, UnaryOperator<String> environment,
                    ModelSettings modelSettings) {
        this(settings, targets, environment, modelSettings, LedgerSettings.LOCAL);
    }

    /** A balancer whose ledger may be shared with other replicas, every target serving every model. */
    public Balancer(BalancerSettings settings, List<Target> targets, UnaryOperator<String> environment,
                    LedgerSettings ledgerSettings) {
        this(settings, targets, environment, ModelSettings.none(targets.size()), ledgerSettings);
    }

    /**
     * @param targets        in order: index i of the ledger is target i
     * @param environment    where {@code key-env} values are looked up (the process environment in production)
     * @param modelSettings  which target serves which model
     * @param ledgerSettings whether and where the ledger is shared with other replicas
     * @throws IllegalArgumentException for an unknown strategy, a bad failover rule, a missing API key variable, model
     *                                  settings that do not fit the targets, or a shared ledger that cannot be opened
     */
    public Balancer(BalancerSettings settings, List<Target> targets, UnaryOperator<String> environment,
                    ModelSettings modelSettings, LedgerSettings ledgerSettings) {
        if (modelSettings.configured().size() != targets.size()) {
            throw new IllegalArgumentException("models are configured for " + modelSettings.configured().size()
                                               + " targets but there are " + targets.size());
        }
        this.settings = settings;
        TokenLedger built = new TokenLedger(targets);
        this.serviceTimes = new ServiceTimes(built.size());
        this.engineLoad = settings.scraping() ? EngineLoad.create(settings, targets, built, this::scraped) : null;
        this.foreignLoad = engineLoad != null ? engineLoad : ForeignLoad.NONE;
        this.engineDecode = engineLoad != null ? new EngineDecode(serviceTimes) : null;
        this.engineSlots = engineLoad != null ? new EngineSlots(built.size()) : null;
        this.adapters = engineLoad != null ? new ActiveAdapters(built.size()) : null;
        this.policy = PickPolicies.forName(settings.strategy(),
                new CalibratedModel(serviceTimes, foreignLoad, engineSlots),
                settings.firstTokenWeight());
        this.affinity = settings.prefixCacheTokens() > 0 && "latency".equals(policy.name())
                ? new PrefixAffinity(built.size(), settings.prefixCacheTokens()) : null;
        this.failoverRule = new FailoverRule(settings.failoverExceptions(), settings.failoverStatuses());
        this.speeds = new BackendSpeeds(built.size());
        if (settings.learnSpeed()) {
            built.setSpeedSource(speeds::relativeSpeed);
        }
        this.health = new BackendHealth(built.size(), settings.health(), System::currentTimeMillis);
        this.queueBound = settings.maxInflightTokens() > 0
                ? new QueueBound(built, settings.maxInflightTokens(), health) : null;
        built.setAdmission(queueBound != null ? queueBound : health);
        this.authorizations = authorizations(targets, environment);
        this.probe = settings.probing() ? new ActiveProbe(targets, health, settings.probePath().trim(),
                settings.probeIntervalMillis(), settings.probeTimeoutMillis()) : null;
        this.ledger = built;
        BackendModels backendModels = new BackendModels(modelSettings.configured());
        this.models = new ModelCatalog(backendModels, modelSettings.defaultModel(), modelSettings.aliases(),
                modelSettings.fallbacks());
        this.discovery = modelSettings.discovering() && ModelDiscovery.needed(targets, backendModels)
                ? new ModelDiscovery(targets, authorizations, backendModels, modelSettings.path().trim(),
                modelSettings.refreshMillis(), modelSettings.timeoutMillis()) : null;
        this.shared = ledgerSettings.shared() ? SharedLedgers.open(ledgerSettings, targets, environment) : null;
    }

    /** Every scrape of an engine's metrics, after the foreign load took it in. */
    private void scraped(ScrapeReport report) {
        EngineDecode d = engineDecode;
        if (d != null) {
            d.scraped(report);
        }
        EngineSlots slots = engineSlots;
        if (slots != null) {
            slots.scraped(report);
        }
        ActiveAdapters lora = adapters;
        if (lora != null) {
            lora.scraped(report);
        }
        PrefixAffinity a = affinity;
        if (a != null && report.state() == ScrapeState.OK && report.sample() != null) {
            a.scraped(report.backend(), report.sample());
        }
    }

    /** Joins the shared ledger and starts active probes, engine scrapes and model discovery, as configured. */
    public synchronized void start() {
        if (shared != null && !attached) {
            shared.attach(ledger);
            attached = true;
        }
        if (discovery != null && modelScheduler == null) {
            modelScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "TokenLbModelDiscovery");
                t.setDaemon(true);
                return t;
            });
            discovery.start(modelScheduler);
        }
        if (probe != null && probeScheduler == null) {
            probeScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "TokenLbHealthProbe");
                t.setDaemon(true);
                return t;
            });
            probe.start(probeScheduler);
        }
        if (engineLoad != null && engineScheduler == null) {
            engineScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "TokenLbEngineMetrics");
                t.setDaemon(true);
                return t;
            });
            engineLoad.scraper().start(engineScheduler);
        }
    }

    /** Stops active probes; open requests are not affected. */
    public synchronized void stop() {
        if (probe != null) {
            probe.stop();
        }
        if (probeScheduler != null) {
            probeScheduler.shutdownNow();
            probeScheduler = null;
        }
        if (engineLoad != null) {
            engineLoad.scraper().stop();
        }
        if (engineScheduler != null) {
            engineScheduler.shutdownNow();
            engineScheduler = null;
        }
        if (discovery != null) {
            discovery.stop();
        }
        if (modelScheduler != null) {
            modelScheduler.shutdownNow();
            modelScheduler = null;
        }
    }

    /** Leaves the shared ledger for good (this replica's leases are removed from it); after {@link #stop()}. */
    public synchronized void close() {
        stop();
        if (shared != null) {
            shared.close();
        }
    }

    /** The shared ledger as this replica sees it, or null when the ledger is not shared. */
    public ClusterStatus clusterStatus() {
        return shared == null ? null : shared.status();
    }

    /**
     * Sends the exchange to the best target through {@code outputs} (one per target, or a single output that reads
     * {@link TokenLbConstants#BACKEND_URL}), honouring the {@link AsyncProcessor} contract.
     */
    public boolean process(AsyncProcessor[] outputs, Exchange exchange, AsyncCallback callback, long cost) {
        return new BalancedCall(this, outputs, exchange, callback, cost).start();
    }

    private static String[] authorizations(List<Target> targets, UnaryOperator<String> environment) {
        String[] out = new String[targets.size()];
        for (int i = 0; i < out.length; i++) {
            String env = targets.get(i).keyEnv();
            if (env == null) {
                continue;
            }
            String key = environment.apply(env);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("backend '" + targets.get(i).name() + "' takes its API key from "
                                                   + "environment variable " + env + ", which is not set");
            }
            out[i] = "Bearer " + key.trim();
        }
        return out;
    }

    /** Sets up the exchange for an attempt at the lease's target: its API key, and the decision if explained. */
    void prepareAttempt(Exchange exchange, Lease lease, long cost, long prompt, long[] cached) {
        String authorization = authorizations[lease.index()];
        if (authorization != null) {
            exchange.getIn().setHeader("Authorization", authorization);
        }
        if (settings.explain()) {
            exchange.setProperty(TokenLbConstants.DECISION, DecisionText.describe(settings.strategy(), ledger, health,
                    lease, cost, prompt, exchange.getProperty(TokenLbConstants.ATTEMPTS, 1, Integer.class), cached,
                    foreignLoad, serviceTimes));
        }
    }

    /** Feeds an attempt's outcome to its target's health, and to the listener. */
    void recordOutcome(int index, AttemptOutcome outcome, Exchange exchange) {
        switch (outcome) {
            case ANSWERED -> health.succeeded(index);
            case OVERLOADED -> health.overloaded(index,
                    RetryAfter.millis(exchange.getMessage().getHeader("Retry-After"), System.currentTimeMillis()));
            case SERVER_ERROR, FAILED -> health.failed(index);
            case ABANDONED -> health.inconclusive(index);
            default -> throw new IllegalStateException("unknown outcome " + outcome);
        }
        listener.attempted(ledger.target(index), outcome);
    }

    /** One line per target: in-flight tokens and requests, weight, health, ejections. */
    public String backendTable() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ledger.size(); i++) {
            sb.append(ledger.target(i).name()).append(": tokens=").append(ledger.inflightTokens(i))
                    .append(" requests=").append(ledger.inflightRequests(i))
                    .append(" weight=").append(String.format(Locale.ROOT, "%.2f", ledger.effectiveWeight(i)))
                    .append(' ').append(health.state(i).label())
                    .append(" ejections=").append(health.ejections(i)).append('\n');
        }
        return sb.toString();
    }

    /** The index of the target with this name. */
    public int indexOf(String name) {
        for (int i = 0; i < ledger.size(); i++) {
            if (ledger.target(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no backend named '" + name + "'");
    }

    public BalancerSettings settings() {
        return settings;
    }

    public TokenLedger ledger() {
        return ledger;
    }

    public BackendHealth health() {
        return health;
    }

    /** Which target serves which model, and how a request's model is resolved. */
    public ModelCatalog models() {
        return models;
    }

    /** Model discovery, or null when no backend's models are discovered. */
    public ModelDiscovery modelDiscovery() {
        return discovery;
    }

    /** Learned backend speeds (always measured; weighed in by picks only with learnSpeed). */
    public BackendSpeeds speeds() {
        return speeds;
    }

    /** Service times calibrated per target from the replies (time to first byte, seconds per token by batch). */
    public ServiceTimes serviceTimes() {
        return serviceTimes;
    }

    /** Requests the target's engine runs at once when it has a queue; infinite when not known (or not scraped). */
    public double engineSlots(int index) {
        EngineSlots s = engineSlots;
        return s == null ? Double.POSITIVE_INFINITY : s.slots(index);
    }

    /** A reply finished with this many output tokens: the mean reply length prices a wait for an engine's slot. */
    void replied(long outputTokens) {
        EngineSlots s = engineSlots;
        if (s != null) {
            s.replied(outputTokens);
        }
    }

    /** Other clients' requests on the target as reconciled from its engine's metrics; 0 when unknown or stale. */
    public double foreignRequests(int index) {
        return foreignLoad.requests(index);
    }

    /** The prefix index's figures for the target; null without prefix affinity. */
    public PrefixStats prefixStats(int index) {
        return affinity == null ? null : affinity.index().stats(index);
    }

    /** How far the target's engine bears out the prefix index (0 to 1); NaN without prefix affinity. */
    public double prefixTrust(int index) {
        return affinity == null ? Double.NaN : affinity.trust(index);
    }

    /** Where prompts' prefixes are probably cached; null without prefix affinity (off, or not the latency pick). */
    PrefixAffinity affinity() {
        return affinity;
    }

    ForeignLoad foreignLoad() {
        return foreignLoad;
    }

    /** The engines' metrics as last scraped, or null when they are not read (no backend URLs, or turned off). */
    public EngineScraper engineScraper() {
        return engineLoad == null ? null : engineLoad.scraper();
    }

    /** The bound on tokens in flight per target, or null when there is none. */
    QueueBound queueBound() {
        return queueBound;
    }

    PickPolicy policy() {
        return policy;
    }

    /**
     * The policy for a request for this model: the strategy, preferring targets where the model is an active LoRA
     * adapter when it is active on any ({@link AdapterPreference}).
     */
    PickPolicy policyFor(String model) {
        ActiveAdapters lora = adapters;
        return model == null || lora == null || !lora.activeAnywhere(model)
                ? policy : new AdapterPreference(policy, lora, model);
    }

    /** The LoRA adapters the target's engine had active at its last good scrape; empty when not known. */
    public Set<String> activeAdapters(int index) {
        ActiveAdapters lora = adapters;
        return lora == null ? Set.of() : lora.on(index);
    }

    FailoverRule failoverRule() {
        return failoverRule;
    }

    BalancerListener listener() {
        return listener;
    }

    /** Hears picks, outcomes and failovers; null: none. */
    public void setListener(BalancerListener listener) {
        this.listener = listener == null ? BalancerListener.NONE : listener;
    }
}
