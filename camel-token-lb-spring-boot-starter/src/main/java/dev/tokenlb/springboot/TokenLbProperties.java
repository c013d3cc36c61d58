package dev.tokenlb.springboot;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.TokenCountingProcessor;
import dev.tokenlb.balance.BalancerSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tokenlb.*} settings of a Spring Boot application: one per setter of {@link TokenAwareLoadBalancer} and
 * {@link TokenCountingProcessor}, named as the standalone gateway names them ({@code tokenlb.max-attempts},
 * {@code tokenlb.eject-ms}, ...). Defaults are the standalone gateway's. The configuration processor turns the field
 * comments into the metadata IDEs complete {@code tokenlb.*} from.
 * <p>
 * A mutable JavaBean for binding; read once when the beans are built.
 */
@ConfigurationProperties(TokenLbProperties.PREFIX)
public class TokenLbProperties {

    /** Prefix of every setting. */
    public static final String PREFIX = "tokenlb";

    /** Whether the starter builds the balancer and counter beans at all. */
    private boolean enabled = true;

    /** Comma-separated backend base URLs, each with optional ;weight=N, ;name=X and ;key-env=VAR (send the API key held in environment variable VAR to that backend), for example http://gpu1:8000;weight=2,http://gpu2:8000. Empty: the loadBalance EIP's outputs are the targets. */
    private String backends;

    /** Comma-separated weights, one per loadBalance output (only without backends). */
    private String weights;

    /** Comma-separated names, one per loadBalance output (only without backends). */
    private String names;

    /** How a backend is picked: latency (least latency added, calibrated online, engine- and prefix-aware), tokens, tokens-p2c, delay, round-robin, random or least-requests. */
    private String strategy = "latency";

    /** Attempts per request in all: a refused or timed-out connection (failover-exceptions) or a failover status is retried on the next-best backend. */
    private int maxAttempts = 2;

    /** Load shedding: a backend holding this many tokens in flight (times its weight) takes no new request; 0: no bound. */
    private long maxInflightTokens = 0;

    /** Comma-separated exception class names (causes and subclasses match) after which the request is retried on another backend. */
    private String failoverExceptions = BalancerSettings.DEFAULT_FAILOVER_EXCEPTIONS;

    /** Comma-separated HTTP statuses after which the request goes to another backend before any byte reaches the client; empty: pass them on. */
    private String failoverStatuses = BalancerSettings.DEFAULT_FAILOVER_STATUSES;

    /** Cost of a request that was not counted (no counting processor before the loadBalance). */
    private long defaultCost = 1;

    /** Learn each backend's decode speed from its streamed replies and weigh it in. */
    private boolean learnSpeed = true;

    /** Count a streamed reply's tokens down as it arrives, so the balancer sees work left, not work started. */
    private boolean decay = true;

    /** Passive health: failures in a row that eject a backend (0 = never). */
    private int ejectAfter = 3;

    /** First cool-down of an ejected backend, in milliseconds; doubled on each ejection that follows soon after. */
    private long ejectMs = 5000;

    /** Longest cool-down of an ejected backend, in milliseconds. */
    private long maxEjectMs = 60000;

    /** Active health: GET this path on every backend each interval (for example /health); empty: off. */
    private String probePath;

    /** Time between two active probes of a backend, in milliseconds. */
    private long probeIntervalMs = 5000;

    /** How long an active probe may take, in milliseconds. */
    private long probeTimeoutMs = 2000;

    /** Path of the engines' own Prometheus metrics (vLLM, SGLang, llama.cpp server, TGI), read on every backend off the request path; empty: never read. */
    private String engineMetrics = "/metrics";

    /** Time between two reads of a backend's engine metrics, in milliseconds. */
    private long engineMetricsIntervalMs = 500;

    /** How long one read of a backend's engine metrics may take, in milliseconds. */
    private long engineMetricsTimeoutMs = 1000;

    /** Prefix affinity of the latency strategy: what each backend's engine keeps of prompt prefixes, in tokens; 0: off. */
    private long prefixCacheTokens = 262144;

    /** Latency strategy: how much more a streamed request's own wait for its first token counts (0: every second of latency alike). */
    private double firstTokenWeight = 1;

    /** Record why each backend was chosen (exchange property CamelTokenLbDecision). */
    private boolean explain = false;

    /** jtokkit encoding used to count prompts: cl100k_base, o200k_base, p50k_base, p50k_edit or r50k_base. */
    private String encoding = "cl100k_base";

    /** Long prompt texts whose token counts are remembered; 0: count every text every time. */
    private int countCacheEntries = 4096;

    /** Request shape the counter expects: auto (detected per request), chat, completions, embeddings or responses. */
    private String apiShape = "auto";

    /** Expected output tokens of a request without max_tokens / max_completion_tokens. */
    private int defaultOutputTokens = 256;

    /** Cap on the expected output tokens of a request. */
    private int maxOutputTokens = 4096;

    /** How a request's output tokens are expected: learned, max-tokens, fixed:N or none. */
    private String outputEstimate = "learned";

    /** Hash prompt prefixes for the latency strategy's prefix affinity. */
    private boolean prefixHashing = true;

    /** Session affinity of the latency strategy: what names a request's session, user (the body's user field), header:NAME, or empty (none). */
    private String sessionKey = "";

    /** The models each loadBalance output serves, ids separated by |, outputs by commas (* or empty: any model); with backends, give ;models=a|b per backend instead. */
    private String models;

    /** The model of a request that names none; empty: such a request may go to any backend. */
    private String defaultModel;

    /** Model aliases, alias=model,... (for example gpt-4o=llama-3-70b). */
    private String modelAliases;

    /** Fallback models, model=fallback,...: served when every backend of a model is ejected or full. */
    private String modelFallbacks;

    /** Where each backend lists its models, read at start and on modelsRefreshMs; empty: no discovery (every backend serves every model unless configured). */
    private String modelsPath = "/v1/models";

    /** Time between two readings of the backends' model lists, in milliseconds; 0: only at start. */
    private long modelsRefreshMs = 30000;

    /** How long one reading of a backend's model list may take, in milliseconds. */
    private long modelsTimeoutMs = 2000;

    /** Shared ledger of in-flight tokens for several replicas: redis://HOST:PORT or rediss://HOST:PORT (camel-token-lb-redis on the class path); empty: in memory. */
    private String ledger;

    /** Environment variable holding the shared ledger's Redis password; empty: none. */
    private String ledgerPasswordEnv;

    /** Prefix of the shared ledger's Redis keys, so several gateways can share one Redis. */
    private String ledgerKeyPrefix = "tokenlb";

    /** How long a replica's leases outlive its last heartbeat in the shared ledger, in milliseconds. */
    private long ledgerTtlMs = 10000;

    /** Timeout of one shared-ledger command, in milliseconds; slower: the replica degrades to its local ledger. */
    private long ledgerTimeoutMs = 50;

    /** Interval of the shared ledger's heartbeat and peer-load refresh, in milliseconds. */
    private long ledgerSyncMs = 100;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getBackends() {
        return backends;
    }

    public void setBackends(String backends) {
        this.backends = backends;
    }

    public String getWeights() {
        return weights;
    }

    public void setWeights(String weights) {
        this.weights = weights;
    }

    public String getNames() {
        return names;
    }

    public void setNames(String names) {
        this.names = names;
    }

    public String getStrategy() {
        return strategy;
    }

    public void setStrategy(String strategy) {
        this.strategy = strategy;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public long getMaxInflightTokens() {
        return maxInflightTokens;
    }

    public void setMaxInflightTokens(long maxInflightTokens) {
        this.maxInflightTokens = maxInflightTokens;
    }

    public String getFailoverExceptions() {
        return failoverExceptions;
    }

    public void setFailoverExceptions(String failoverExceptions) {
        this.failoverExceptions = failoverExceptions;
    }

    public String getFailoverStatuses() {
        return failoverStatuses;
    }

    public void setFailoverStatuses(String failoverStatuses) {
        this.failoverStatuses = failoverStatuses;
    }

    public long getDefaultCost() {
        return defaultCost;
    }

    public void setDefaultCost(long defaultCost) {
        this.defaultCost = defaultCost;
    }

    public boolean isLearnSpeed() {
        return learnSpeed;
    }

    public void setLearnSpeed(boolean learnSpeed) {
        this.learnSpeed = learnSpeed;
    }

    public boolean isDecay() {
        return decay;
    }

    public void setDecay(boolean decay) {
        this.decay = decay;
    }

    public int getEjectAfter() {
        return ejectAfter;
    }

    public void setEjectAfter(int ejectAfter) {
        this.ejectAfter = ejectAfter;
    }

    public long getEjectMs() {
        return ejectMs;
    }

    public void setEjectMs(long ejectMs) {
        this.ejectMs = ejectMs;
    }

    public long getMaxEjectMs() {
        return maxEjectMs;
    }

    public void setMaxEjectMs(long maxEjectMs) {
        this.maxEjectMs = maxEjectMs;
    }

    public String getProbePath() {
        return probePath;
    }

    public void setProbePath(String probePath) {
        this.probePath = probePath;
    }

    public long getProbeIntervalMs() {
        return probeIntervalMs;
    }

    public void setProbeIntervalMs(long probeIntervalMs) {
        this.probeIntervalMs = probeIntervalMs;
    }

    public long getProbeTimeoutMs() {
        return probeTimeoutMs;
    }

    public void setProbeTimeoutMs(long probeTimeoutMs) {
        this.probeTimeoutMs = probeTimeoutMs;
    }

    public String getEngineMetrics() {
        return engineMetrics;
    }

    public void setEngineMetrics(String engineMetrics) {
        this.engineMetrics = engineMetrics;
    }

    public long getEngineMetricsIntervalMs() {
        return engineMetricsIntervalMs;
    }

    public void setEngineMetricsIntervalMs(long engineMetricsIntervalMs) {
        this.engineMetricsIntervalMs = engineMetricsIntervalMs;
    }

    public long getEngineMetricsTimeoutMs() {
        return engineMetricsTimeoutMs;
    }

    public void setEngineMetricsTimeoutMs(long engineMetricsTimeoutMs) {
        this.engineMetricsTimeoutMs = engineMetricsTimeoutMs;
    }

    public long getPrefixCacheTokens() {
        return prefixCacheTokens;
    }

    public void setPrefixCacheTokens(long prefixCacheTokens) {
        this.prefixCacheTokens = prefixCacheTokens;
    }

    public double getFirstTokenWeight() {
        return firstTokenWeight;
    }

    public void setFirstTokenWeight(double firstTokenWeight) {
        this.firstTokenWeight = firstTokenWeight;
    }

    public boolean isExplain() {
        return explain;
    }

    public void setExplain(boolean explain) {
        this.explain = explain;
    }

    public String getEncoding() {
        return encoding;
    }

    public void setEncoding(String encoding) {
        this.encoding = encoding;
    }

    public int getCountCacheEntries() {
        return countCacheEntries;
    }

    public void setCountCacheEntries(int countCacheEntries) {
        this.countCacheEntries = countCacheEntries;
    }

    public String getApiShape() {
        return apiShape;
    }

    public void setApiShape(String apiShape) {
        this.apiShape = apiShape;
    }

    public int getDefaultOutputTokens() {
        return defaultOutputTokens;
    }

    public void setDefaultOutputTokens(int defaultOutputTokens) {
        this.defaultOutputTokens = defaultOutputTokens;
    }

    public int getMaxOutputTokens() {
        return maxOutputTokens;
    }

    public void setMaxOutputTokens(int maxOutputTokens) {
        this.maxOutputTokens = maxOutputTokens;
    }

    public String getOutputEstimate() {
        return outputEstimate;
    }

    public void setOutputEstimate(String outputEstimate) {
        this.outputEstimate = outputEstimate;
    }

    public boolean isPrefixHashing() {
        return prefixHashing;
    }

    public void setPrefixHashing(boolean prefixHashing) {
        this.prefixHashing = prefixHashing;
    }

    public String getSessionKey() {
        return sessionKey;
    }

    public void setSessionKey(String sessionKey) {
        this.sessionKey = sessionKey;
    }

    public String getModels() {
        return models;
    }

    public void setModels(String models) {
        this.models = models;
    }

    public String getDefaultModel() {
        return defaultModel;
    }

    public void setDefaultModel(String defaultModel) {
        this.defaultModel = defaultModel;
    }

    public String getModelAliases() {
        return modelAliases;
    }

    public void setModelAliases(String modelAliases) {
        this.modelAliases = modelAliases;
    }

    public String getModelFallbacks() {
        return modelFallbacks;
    }

    public void setModelFallbacks(String modelFallbacks) {
        this.modelFallbacks = modelFallbacks;
    }

    public String getModelsPath() {
        return modelsPath;
    }

    public void setModelsPath(String modelsPath) {
        this.modelsPath = modelsPath;
    }

    public long getModelsRefreshMs() {
        return modelsRefreshMs;
    }

    public void setModelsRefreshMs(long modelsRefreshMs) {
        this.modelsRefreshMs = modelsRefreshMs;
    }

    public long getModelsTimeoutMs() {
        return modelsTimeoutMs;
    }

    public void setModelsTimeoutMs(long modelsTimeoutMs) {
        this.modelsTimeoutMs = modelsTimeoutMs;
    }

    public String getLedger() {
        return ledger;
    }

    public void setLedger(String ledger) {
        this.ledger = ledger;
    }

    public String getLedgerPasswordEnv() {
        return ledgerPasswordEnv;
    }

    public void setLedgerPasswordEnv(String ledgerPasswordEnv) {
        this.ledgerPasswordEnv = ledgerPasswordEnv;
    }

    public String getLedgerKeyPrefix() {
        return ledgerKeyPrefix;
    }

    public void setLedgerKeyPrefix(String ledgerKeyPrefix) {
        this.ledgerKeyPrefix = ledgerKeyPrefix;
    }

    public long getLedgerTtlMs() {
        return ledgerTtlMs;
    }

    public void setLedgerTtlMs(long ledgerTtlMs) {
        this.ledgerTtlMs = ledgerTtlMs;
    }

    public long getLedgerTimeoutMs() {
        return ledgerTimeoutMs;
    }

    public void setLedgerTimeoutMs(long ledgerTimeoutMs) {
        this.ledgerTimeoutMs = ledgerTimeoutMs;
    }

    public long getLedgerSyncMs() {
        return ledgerSyncMs;
    }

    public void setLedgerSyncMs(long ledgerSyncMs) {
        this.ledgerSyncMs = ledgerSyncMs;
    }

    /** Sets the balancer's properties from these settings. */
    void applyTo(TokenAwareLoadBalancer target) {
        target.setBackends(backends);
        target.setWeights(weights);
        target.setNames(names);
        target.setStrategy(strategy);
        target.setMaxAttempts(maxAttempts);
        target.setMaxInflightTokens(maxInflightTokens);
        target.setFailoverExceptions(failoverExceptions);
        target.setFailoverStatuses(failoverStatuses);
        target.setDefaultCost(defaultCost);
        target.setLearnSpeed(learnSpeed);
        target.setDecay(decay);
        target.setEjectAfter(ejectAfter);
        target.setEjectMillis(ejectMs);
        target.setMaxEjectMillis(maxEjectMs);
        target.setProbePath(probePath);
        target.setProbeIntervalMillis(probeIntervalMs);
        target.setProbeTimeoutMillis(probeTimeoutMs);
        target.setEngineMetrics(engineMetrics);
        target.setEngineMetricsIntervalMillis(engineMetricsIntervalMs);
        target.setEngineMetricsTimeoutMillis(engineMetricsTimeoutMs);
        target.setPrefixCacheTokens(prefixCacheTokens);
        target.setFirstTokenWeight(firstTokenWeight);
        target.setExplain(explain);
        target.setModels(models);
        target.setDefaultModel(defaultModel);
        target.setModelAliases(modelAliases);
        target.setModelFallbacks(modelFallbacks);
        target.setModelsPath(modelsPath);
        target.setModelsRefreshMillis(modelsRefreshMs);
        target.setModelsTimeoutMillis(modelsTimeoutMs);
        target.setLedger(ledger);
        target.setLedgerPasswordEnv(ledgerPasswordEnv);
        target.setLedgerKeyPrefix(ledgerKeyPrefix);
        target.setLedgerTtlMillis(ledgerTtlMs);
        target.setLedgerTimeoutMillis(ledgerTimeoutMs);
        target.setLedgerSyncMillis(ledgerSyncMs);
    }

    /** Sets the counting processor's properties from these settings. */
    void applyTo(TokenCountingProcessor target) {
        target.setEncoding(encoding);
        target.setCountCacheEntries(countCacheEntries);
        target.setApiShape(apiShape);
        target.setDefaultOutputTokens(defaultOutputTokens);
        target.setMaxOutputTokens(maxOutputTokens);
        target.setOutputEstimate(outputEstimate);
        target.setPrefixHashing(prefixHashing);
        target.setSessionKey(sessionKey);
    }
}
