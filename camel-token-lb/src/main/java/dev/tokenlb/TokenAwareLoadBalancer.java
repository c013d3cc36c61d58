package dev.tokenlb;

import java.util.function.UnaryOperator;

import dev.tokenlb.balance.Backends;
import dev.tokenlb.balance.Balancer;
import dev.tokenlb.balance.BalancerListener;
import dev.tokenlb.balance.BalancerSettings;
import dev.tokenlb.balance.OutputTargets;
import dev.tokenlb.balance.ReplyProgress;
import dev.tokenlb.cluster.ClusterStatus;
import dev.tokenlb.cluster.LedgerSettings;
import dev.tokenlb.cost.BackendSpeeds;
import dev.tokenlb.health.BackendHealth;
import dev.tokenlb.health.HealthPolicy;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.model.ModelCatalog;
import dev.tokenlb.model.ModelIds;
import dev.tokenlb.model.ModelSettings;
import dev.tokenlb.pick.PickPolicies;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.processor.loadbalancer.LoadBalancerSupport;

/**
 * A Camel {@code LoadBalancer} that sends each exchange to the target with the lowest
 * (in-flight tokens + this request's cost) / weight, and holds those tokens until the exchange is done.
 * <p>
 * The cost is read from the exchange property {@link TokenLbConstants#COST}, which {@link TokenCountingProcessor}
 * sets; without it a request costs {@link #setDefaultCost defaultCost} (1: the balancer then behaves as
 * least-requests).
 * <p>
 * Targets are either
 * <ul>
 * <li>the outputs of the {@code loadBalance} EIP, one target per output (weights from {@link #setWeights}), or</li>
 * <li>the base URLs given with {@link #setBackends}: then the EIP has a single output, typically
 * {@code toD("${exchangeProperty.CamelTokenLbBackendUrl}/v1/chat/completions?...")}, and the balancer sets
 * {@link TokenLbConstants#BACKEND_URL} before calling it.</li>
 * </ul>
 * A lease is taken per attempt: a failed attempt's lease is released at once, a successful attempt's when the
 * exchange's unit of work is done, which for a streamed reply is after its last byte. With
 * {@link #setMaxAttempts maxAttempts} above 1, a failure before the target saw the request (connection refused or
 * timed out; see {@link #setFailoverExceptions}) is retried on the next-best target not tried yet.
 * <p>
 * Health: every attempt's outcome feeds {@link BackendHealth}. A target that fails {@link #setEjectAfter ejectAfter}
 * times in a row (exception, 5xx) is ejected: no strategy picks it until its cool-down is over and a trial request
 * succeeds. A 429 or 503 with {@code Retry-After} ejects it for that long, and with {@link #setMaxAttempts
 * maxAttempts} above 1 a 429 or 503 ({@link #setFailoverStatuses failoverStatuses}) is retried on another target
 * before any of it is passed on. With {@link #setProbePath probePath}, backends are also probed actively.
 * <p>
 * Error handling: Camel wraps each output of the EIP in the route's error handler. Failures reach the balancer (and
 * can fail over) when that error handler does not handle them: put the {@code loadBalance} in a route with
 * {@code errorHandler(noErrorHandler())} called through {@code direct:} from a route that turns exceptions into
 * replies, as the gateway does. If a handling {@code onException} runs inside the attempt, the balancer sees the
 * caught exception and releases that attempt's lease at once, but does not retry.
 * <p>
 * Models: each request goes only to targets serving its {@code model} (read by {@link TokenCountingProcessor}), for
 * every strategy. A backend's models are configured ({@code ;models=a|b} in the backend list, or {@link #setModels}
 * per output) or discovered from its {@link #setModelsPath modelsPath} ({@code /v1/models}); a target whose list is
 * unknown serves every model. A model no target serves fails with {@link ModelNotServedException}, nothing reserved.
 * See {@link #setDefaultModel}, {@link #setModelAliases} and {@link #setModelFallbacks}.
 * <p>
 * Thread-safe once started. One instance serves one {@code loadBalance} (its ledger counts that EIP's targets).
 *
 * <pre>
 * from("direct:llm")
 *     .process(new TokenCountingProcessor())
 *     .loadBalance(new TokenAwareLoadBalancer())
 *         .to("http://gpu1:8000/v1/chat/completions?bridgeEndpoint=true")
 *         .to("http://gpu2:8000/v1/chat/completions?bridgeEndpoint=true");
 * </pre>
 */
@ManagedResource(description = "Token-aware load balancer")
public class TokenAwareLoadBalancer extends LoadBalancerSupport {

    private String strategy = "latency";
    private String weights;
    private String names;
    private String backends;
    private int maxAttempts = 1;
    private String failoverExceptions = BalancerSettings.DEFAULT_FAILOVER_EXCEPTIONS;
    private long defaultCost = 1;
    private long maxInflightTokens;
    private boolean learnSpeed;
    private boolean decay;
    private String failoverStatuses = BalancerSettings.DEFAULT_FAILOVER_STATUSES;
    private int ejectAfter = HealthPolicy.DEFAULT.ejectAfter();
    private long ejectMillis = HealthPolicy.DEFAULT.ejectMillis();
    private long maxEjectMillis = HealthPolicy.DEFAULT.maxEjectMillis();
    private String probePath;
    private long probeIntervalMillis = 5_000;
    private long probeTimeoutMillis = 2_000;
    private boolean explain;
    private String engineMetrics = "/metrics";
    private long engineMetricsIntervalMillis = 500;
    private long engineMetricsTimeoutMillis = 1_000;
    private long prefixCacheTokens = 262_144;
    private double firstTokenWeight = PickPolicies.DEFAULT_FIRST_TOKEN_WEIGHT;
    private String models;
    private String defaultModel;
    private String modelAliases;
    private String modelFallbacks;
    private String modelsPath = ModelSettings.DEFAULT_PATH;
    private long modelsRefreshMillis = ModelSettings.DEFAULT_REFRESH_MILLIS;
    private long modelsTimeoutMillis = ModelSettings.DEFAULT_TIMEOUT_MILLIS;
    private String ledger;
    private String ledgerPasswordEnv;
    private String ledgerKeyPrefix = LedgerSettings.DEFAULT_KEY_PREFIX;
    private long ledgerTtlMillis = LedgerSettings.DEFAULT_TTL_MILLIS;
    private long ledgerTimeoutMillis = LedgerSettings.DEFAULT_TIMEOUT_MILLIS;
    private long ledgerSyncMillis = LedgerSettings.DEFAULT_SYNC_MILLIS;
    private volatile BalancerListener listener = BalancerListener.NONE;
    private UnaryOperator<String> environment = System::getenv;

    private volatile Balancer balancer;

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (defaultCost < 0) {
            throw new IllegalArgumentException("defaultCost must be >= 0, was " + defaultCost);
        }
        BalancerSettings settings = new BalancerSettings(strategy, maxAttempts, failoverExceptions, failoverStatuses,
                learnSpeed, decay, new HealthPolicy(ejectAfter, ejectMillis, maxEjectMillis,
                HealthPolicy.DEFAULT.maxRetryAfterMillis()), maxInflightTokens, probePath, probeIntervalMillis,
                probeTimeoutMillis, explain, engineMetrics, engineMetricsIntervalMillis, engineMetricsTimeoutMillis,
                prefixCacheTokens, firstTokenWeight);
        int outputs = doGetProcessors().length;
        ModelSettings modelSettings = new ModelSettings(OutputTargets.models(outputs, backends, models), defaultModel,
                ModelIds.parseMap(modelAliases, "modelAliases"), ModelIds.parseMap(modelFallbacks, "modelFallbacks"),
                modelsPath, modelsRefreshMillis, modelsTimeoutMillis);
        LedgerSettings shared = new LedgerSettings(ledger, ledgerPasswordEnv, ledgerKeyPrefix, ledgerTtlMillis,
                ledgerTimeoutMillis, ledgerSyncMillis);
        Balancer built = new Balancer(settings, OutputTargets.of(outputs, backends, weights, names), environment,
                modelSettings, shared);
        built.setListener(listener);
        balancer = built;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (balancer != null) {
            balancer.start();
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (balancer != null) {
            balancer.stop();
        }
        super.doStop();
    }

    @Override
    protected void doShutdown() throws Exception {
        if (balancer != null) {
            balancer.close();
        }
        super.doShutdown();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Balancer b = balancer;
        if (b == null) {
            exchange.setException(new IllegalStateException("TokenAwareLoadBalancer is not initialized"));
            callback.done(true);
            return true;
        }
        return b.process(doGetProcessors(), exchange, callback, costOf(exchange));
    }

    long costOf(Exchange exchange) {
        Object cost = exchange.getProperty(TokenLbConstants.COST);
        if (cost instanceof Number n && n.longValue() >= 0) {
            return n.longValue();
        }
        return defaultCost;
    }

    /** The running balancer (ledger, health, speeds); null before this bean is initialized. */
    public Balancer getBalancer() {
        return balancer;
    }

    /** The ledger of in-flight tokens per target; null before the balancer is initialized. */
    public TokenLedger getLedger() {
        Balancer b = balancer;
        return b == null ? null : b.ledger();
    }

    /** Learned backend speeds (always measured; used by picks only with {@link #setLearnSpeed learnSpeed}). */
    public BackendSpeeds getSpeeds() {
        Balancer b = balancer;
        return b == null ? null : b.speeds();
    }

    /** Which target serves which model; null before the balancer is initialized. */
    public ModelCatalog getModelCatalog() {
        Balancer b = balancer;
        return b == null ? null : b.models();
    }

    /** The shared ledger as this replica sees it; null when not shared (or before initialization). */
    public ClusterStatus getClusterStatus() {
        Balancer b = balancer;
        return b == null ? null : b.clusterStatus();
    }

    /** Passive health of the targets; null before the balancer is initialized. */
    public BackendHealth getHealth() {
        Balancer b = balancer;
        return b == null ? null : b.health();
    }

    // ---- JMX (with camel-management, on the loadBalance processor's MBean) ----

    @ManagedAttribute(description = "Tokens in flight over all backends")
    public long getInflightTokens() {
        TokenLedger l = getLedger();
        return l == null ? 0 : l.totalInflightTokens();
    }

    @ManagedAttribute(description = "Requests in flight over all backends")
    public int getInflightRequests() {
        TokenLedger l = getLedger();
        return l == null ? 0 : l.totalInflightRequests();
    }

    @ManagedAttribute(description = "Backends that may take a request now (not ejected)")
    public int getUsableBackends() {
        BackendHealth h = getHealth();
        return h == null ? 0 : h.admittedCount();
    }

    @ManagedOperation(description = "One line per backend: in-flight tokens and requests, weight, health, ejections")
    public String backendTable() {
        Balancer b = balancer;
        return b == null ? "not started" : b.backendTable();
    }

    @ManagedOperation(description = "Take a backend out for the given milliseconds (for maintenance); open requests finish")
    public void pauseBackend(String name, long millis) {
        Balancer b = started();
        b.health().overloaded(b.indexOf(name), Math.max(0, millis));
    }

    @ManagedOperation(description = "Put an ejected or paused backend back at once")
    public void readmitBackend(String name) {
        Balancer b = started();
        b.health().readmit(b.indexOf(name));
    }

    private Balancer started() {
        Balancer b = balancer;
        if (b == null) {
            throw new IllegalStateException("the balancer is not started");
        }
        return b;
    }

    /** For tests: where {@code key-env} values are looked up (default the process environment). */
    void setEnvironment(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public long getMaxInflightTokens() {
        return maxInflightTokens;
    }

    /**
     * Load shedding on the backends' side: a backend holding this many tokens in flight (times its weight; prompt and
     * expected output of its open requests, counted down as replies stream) takes no new request, and when every
     * healthy backend is that full, a request fails at once with {@link BackendsSaturatedException} (503 with
     * {@code Retry-After: 1} in the gateway), nothing reserved. A request larger than the bound still goes to a backend
     * under it. Default 0: no bound. Set it near what a backend holds without queueing (its KV cache in tokens, say).
     */
    public void setMaxInflightTokens(long maxInflightTokens) {
        if (maxInflightTokens < 0) {
            throw new IllegalArgumentException("maxInflightTokens must be >= 0, was " + maxInflightTokens);
        }
        this.maxInflightTokens = maxInflightTokens;
    }

    // ---- configuration (JavaBean setters, for YAML beans, camel.beans.* and Java) ----

    @ManagedAttribute(description = "Pick strategy")
    public String getStrategy() {
        return strategy;
    }

    /**
     * {@code latency} (default: the least latency a request adds, calibrated online, engine- and prefix-aware),
     * {@code tokens}, {@code tokens-p2c}, {@code delay}, {@code round-robin}, {@code random} or
     * {@code least-requests}.
     */
    public void setStrategy(String strategy) {
        this.strategy = strategy;
    }

    public String getWeights() {
        return weights;
    }

    /** Comma-separated weights, one per output, such as {@code 2,1,1}; default all 1. Ignored with backends. */
    public void setWeights(String weights) {
        this.weights = weights;
    }

    public String getNames() {
        return names;
    }

    /** Comma-separated names, one per output; default {@code output-1}, {@code output-2}, ... */
    public void setNames(String names) {
        this.names = names;
    }

    public String getBackends() {
        return backends;
    }

    /** Comma-separated backend base URLs with optional {@code ;weight=N;name=X} (see {@link Backends}). */
    public void setBackends(String backends) {
        this.backends = backends;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    /** Attempts per exchange in all, first included; 1 (default) disables failover. */
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public String getFailoverExceptions() {
        return failoverExceptions;
    }

    /** Comma-separated exception class names (subclasses and causes match) after which another target is tried. */
    public void setFailoverExceptions(String failoverExceptions) {
        this.failoverExceptions = failoverExceptions;
    }

    public long getDefaultCost() {
        return defaultCost;
    }

    /** Cost of an exchange without the {@link TokenLbConstants#COST} property; default 1. */
    public void setDefaultCost(long defaultCost) {
        this.defaultCost = defaultCost;
    }

    public boolean isLearnSpeed() {
        return learnSpeed;
    }

    /**
     * Weigh each target by its learned relative speed too (see {@link BackendSpeeds}), so a backend half as fast gets
     * about half the work without configuring weights. Needs replies relayed through {@link ReplyProgress}.
     */
    public void setLearnSpeed(boolean learnSpeed) {
        this.learnSpeed = learnSpeed;
    }

    public boolean isDecay() {
        return decay;
    }

    /**
     * Count a streamed reply's tokens down as it arrives (see {@link ReplyProgress}), so the balancer sees work left,
     * not work started.
     */
    public void setDecay(boolean decay) {
        this.decay = decay;
    }

    public String getFailoverStatuses() {
        return failoverStatuses;
    }

    /**
     * Comma-separated HTTP statuses after which another target is tried, before the answer is passed on (default
     * {@code 429,503}: the backend refused the work). Empty: never. Needs {@link #setMaxAttempts maxAttempts} > 1.
     */
    public void setFailoverStatuses(String failoverStatuses) {
        this.failoverStatuses = failoverStatuses;
    }

    public int getEjectAfter() {
        return ejectAfter;
    }

    /** Failures in a row (exception, 5xx, timeout) that eject a target; 0 = never on failures. Default 3. */
    public void setEjectAfter(int ejectAfter) {
        this.ejectAfter = ejectAfter;
    }

    public long getEjectMillis() {
        return ejectMillis;
    }

    /** First cool-down of an ejected target, in ms; doubles on each ejection that follows soon after. Default 5000. */
    public void setEjectMillis(long ejectMillis) {
        this.ejectMillis = ejectMillis;
    }

    public long getMaxEjectMillis() {
        return maxEjectMillis;
    }

    /** Longest cool-down of an ejected target, in ms. Default 60000. */
    public void setMaxEjectMillis(long maxEjectMillis) {
        this.maxEjectMillis = maxEjectMillis;
    }

    public String getProbePath() {
        return probePath;
    }

    /** Path to probe on each backend URL, such as {@code /health} or {@code /v1/models}; empty (default): no probes. */
    public void setProbePath(String probePath) {
        this.probePath = probePath;
    }

    public long getProbeIntervalMillis() {
        return probeIntervalMillis;
    }

    /** Time between two probes of a backend, in ms. Default 5000. */
    public void setProbeIntervalMillis(long probeIntervalMillis) {
        this.probeIntervalMillis = probeIntervalMillis;
    }

    public long getProbeTimeoutMillis() {
        return probeTimeoutMillis;
    }

    /** How long a probe may take before it counts as failed, in ms. Default 2000. */
    public void setProbeTimeoutMillis(long probeTimeoutMillis) {
        this.probeTimeoutMillis = probeTimeoutMillis;
    }

    public boolean isExplain() {
        return explain;
    }

    /** Record why each target was chosen in {@link TokenLbConstants#DECISION} (costs a little per request). */
    public void setExplain(boolean explain) {
        this.explain = explain;
    }

    public String getEngineMetrics() {
        return engineMetrics;
    }

    /**
     * Path of the engines' Prometheus metrics on every backend URL (default {@code /metrics}: vLLM, SGLang, llama.cpp
     * server and TGI serve it there), read every {@link #setEngineMetricsIntervalMillis interval}, off the request
     * path, so that load from other clients of the same engines shows in the {@code latency} strategy's decisions.
     * A backend without it (404) is asked again only every minute and works as without. Empty: never read.
     */
    public void setEngineMetrics(String engineMetrics) {
        this.engineMetrics = engineMetrics;
    }

    public long getEngineMetricsIntervalMillis() {
        return engineMetricsIntervalMillis;
    }

    /** Time between two scrapes of a backend's metrics, in ms. Default 500. */
    public void setEngineMetricsIntervalMillis(long engineMetricsIntervalMillis) {
        this.engineMetricsIntervalMillis = engineMetricsIntervalMillis;
    }

    public long getEngineMetricsTimeoutMillis() {
        return engineMetricsTimeoutMillis;
    }

    /** How long one scrape may take, in ms; a slower one is counted as failed and ignored. Default 1000. */
    public void setEngineMetricsTimeoutMillis(long engineMetricsTimeoutMillis) {
        this.engineMetricsTimeoutMillis = engineMetricsTimeoutMillis;
    }

    public long getPrefixCacheTokens() {
        return prefixCacheTokens;
    }

    /**
     * Prefix affinity of the {@code latency} strategy: what each backend's engine keeps of prompt prefixes, in tokens
     * (default 262,144, about what one GPU holds for an 8B model). The balancer remembers, per backend and within that
     * bound (about 16 bytes per 16 tokens), the prefixes it sent there, and counts a request's prefix found there as
     * prefill saved; the engine's own prefix-cache hits, where it reports them, scale that down if the engine keeps
     * less. 0: no prefix affinity.
     */
    public void setPrefixCacheTokens(long prefixCacheTokens) {
        this.prefixCacheTokens = prefixCacheTokens;
    }

    public double getFirstTokenWeight() {
        return firstTokenWeight;
    }

    /**
     * For the {@code latency} strategy: how much more a streamed request's own wait for its first byte counts than
     * the rest of its latency (default 1: twice, once as latency, once as what its user sees first). 0: every second
     * alike, for the least mean latency.
     */
    public void setFirstTokenWeight(double firstTokenWeight) {
        this.firstTokenWeight = firstTokenWeight;
    }

    public String getModels() {
        return models;
    }

    /**
     * The models each output of the EIP serves, one entry per output, ids separated by {@code |}, such as
     * {@code llama-3-70b|llama-3-70b-sql-lora,qwen-2.5-7b}; {@code *} or an empty entry: that output serves any model.
     * With {@link #setBackends backends}, give {@code ;models=a|b} per backend there instead. Configured lists win
     * over discovered ones. Default none.
     */
    public void setModels(String models) {
        this.models = models;
    }

    public String getDefaultModel() {
        return defaultModel;
    }

    /** The model of a request that names none; default none (such a request may go to any target). */
    public void setDefaultModel(String defaultModel) {
        this.defaultModel = defaultModel;
    }

    public String getModelAliases() {
        return modelAliases;
    }

    /**
     * Requested ids served by another model, such as {@code gpt-4o=llama-3-70b,gpt-4o-mini=qwen-2.5-7b}: the request
     * goes where the model is served, its {@code model} rewritten. Default none.
     */
    public void setModelAliases(String modelAliases) {
        this.modelAliases = modelAliases;
    }

    public String getModelFallbacks() {
        return modelFallbacks;
    }

    /**
     * Models that serve another's requests when none of its targets can (all ejected, full or failed), such as
     * {@code llama-3-70b=qwen-2.5-7b}: the request's {@code model} is rewritten, and the fallback is noted in
     * {@link TokenLbConstants#DECISION} ({@code model=qwen-2.5-7b; fallback-for=llama-3-70b}). Default none.
     */
    public void setModelFallbacks(String modelFallbacks) {
        this.modelFallbacks = modelFallbacks;
    }

    public String getModelsPath() {
        return modelsPath;
    }

    /**
     * Path of the model list on every backend URL (default {@code /v1/models}), read at start and every
     * {@link #setModelsRefreshMillis refresh interval}, off the request path. A backend without it (404, or not a
     * model list) serves every model. Empty: no discovery. Backends with configured models are not asked.
     */
    public void setModelsPath(String modelsPath) {
        this.modelsPath = modelsPath;
    }

    public long getModelsRefreshMillis() {
        return modelsRefreshMillis;
    }

    /** Time between two readings of the backends' model lists, in ms; 0: only at start. Default 30000. */
    public void setModelsRefreshMillis(long modelsRefreshMillis) {
        this.modelsRefreshMillis = modelsRefreshMillis;
    }

    public long getModelsTimeoutMillis() {
        return modelsTimeoutMillis;
    }

    /** How long one reading of a backend's model list may take, in ms. Default 2000. */
    public void setModelsTimeoutMillis(long modelsTimeoutMillis) {
        this.modelsTimeoutMillis = modelsTimeoutMillis;
    }

    /** The shared ledger's URL ({@link #setLedger}); empty or null: not shared. */
    public String getLedgerUrl() {
        return ledger;
    }

    /**
     * Shares the ledger of in-flight tokens with other replicas of this balancer (several gateways in front of the
     * same backends): {@code redis://HOST:PORT} or {@code rediss://HOST:PORT}, with camel-token-lb-redis on the class
     * path. Each pick then sees every replica's load and is settled atomically across them. Empty (default): the
     * in-memory ledger alone.
     */
    public void setLedger(String ledger) {
        this.ledger = ledger;
    }

    public String getLedgerPasswordEnv() {
        return ledgerPasswordEnv;
    }

    /** Name of the environment variable that holds the shared ledger's password; empty: none. */
    public void setLedgerPasswordEnv(String ledgerPasswordEnv) {
        this.ledgerPasswordEnv = ledgerPasswordEnv;
    }

    public String getLedgerKeyPrefix() {
        return ledgerKeyPrefix;
    }

    /** Prefix of the shared ledger's keys (default {@code tokenlb}): one per group of replicas sharing a store. */
    public void setLedgerKeyPrefix(String ledgerKeyPrefix) {
        this.ledgerKeyPrefix = ledgerKeyPrefix;
    }

    public long getLedgerTtlMillis() {
        return ledgerTtlMillis;
    }

    /**
     * A replica's leases that are not renewed for this long leave the shared ledger (default 10,000 ms): how soon the
     * tokens of a replica killed without a word stop counting.
     */
    public void setLedgerTtlMillis(long ledgerTtlMillis) {
        this.ledgerTtlMillis = ledgerTtlMillis;
    }

    public long getLedgerTimeoutMillis() {
        return ledgerTimeoutMillis;
    }

    /**
     * How long a pick may wait for the shared ledger (default 50 ms); slower, the replica goes on with its local
     * ledger alone (degraded) until the store answers again.
     */
    public void setLedgerTimeoutMillis(long ledgerTimeoutMillis) {
        this.ledgerTimeoutMillis = ledgerTimeoutMillis;
    }

    public long getLedgerSyncMillis() {
        return ledgerSyncMillis;
    }

    /** Time between two renewals of this replica's leases, which also refresh its view of the others (default 100 ms). */
    public void setLedgerSyncMillis(long ledgerSyncMillis) {
        this.ledgerSyncMillis = ledgerSyncMillis;
    }

    public BalancerListener getListener() {
        return listener;
    }

    /** Hears picks, outcomes and failovers, for metrics; default none. */
    public void setListener(BalancerListener listener) {
        this.listener = listener == null ? BalancerListener.NONE : listener;
        Balancer b = balancer;
        if (b != null) {
            b.setListener(this.listener);
        }
    }

    @Override
    public String toString() {
        return "TokenAwareLoadBalancer[" + strategy + "]";
    }
}
