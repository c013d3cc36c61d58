package dev.tokenlb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

import dev.tokenlb.cost.BackendSpeeds;
import dev.tokenlb.health.ActiveProbe;
import dev.tokenlb.health.BackendHealth;
import dev.tokenlb.health.HealthPolicy;
import dev.tokenlb.health.RetryAfter;
import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.QueueBound;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.pick.PickPolicies;
import dev.tokenlb.pick.PickPolicy;
import org.apache.camel.AsyncCallback;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
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

    private String strategy = "tokens";
    private String weights;
    private String names;
    private String backends;
    private int maxAttempts = 1;
    private String failoverExceptions = FailoverRule.DEFAULT_EXCEPTIONS;
    private long defaultCost = 1;
    private long maxInflightTokens;
    private boolean learnSpeed;
    private boolean decay;
    private String failoverStatuses = FailoverRule.DEFAULT_STATUSES;
    private int ejectAfter = HealthPolicy.DEFAULT.ejectAfter();
    private long ejectMillis = HealthPolicy.DEFAULT.ejectMillis();
    private long maxEjectMillis = HealthPolicy.DEFAULT.maxEjectMillis();
    private String probePath;
    private long probeIntervalMillis = 5_000;
    private long probeTimeoutMillis = 2_000;
    private boolean explain;
    private volatile BalancerListener listener = BalancerListener.NONE;
    private UnaryOperator<String> environment = System::getenv;

    private volatile TokenLedger ledger;
    private volatile BackendHealth health;
    private volatile String[] authorizations;
    private ActiveProbe probe;
    private ScheduledExecutorService probeScheduler;
    private volatile PickPolicy policy;
    private volatile FailoverRule failoverRule;
    private volatile BackendSpeeds speeds;
    private volatile QueueBound queueBound;

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (defaultCost < 0) {
            throw new IllegalArgumentException("defaultCost must be >= 0, was " + defaultCost);
        }
        policy = PickPolicies.forName(strategy);
        failoverRule = new FailoverRule(failoverExceptions, failoverStatuses);
        List<Target> targets = targets();
        TokenLedger built = new TokenLedger(targets);
        speeds = new BackendSpeeds(built.size());
        if (learnSpeed) {
            built.setSpeedSource(speeds::relativeSpeed);
        }
        health = new BackendHealth(built.size(), new HealthPolicy(ejectAfter, ejectMillis, maxEjectMillis,
                HealthPolicy.DEFAULT.maxRetryAfterMillis()), System::currentTimeMillis);
        queueBound = maxInflightTokens > 0 ? new QueueBound(built, maxInflightTokens, health) : null;
        built.setAdmission(queueBound != null ? queueBound : health);
        authorizations = authorizations(targets);
        if (probePath != null && !probePath.isBlank()) {
            probe = new ActiveProbe(targets, health, probePath.trim(), probeIntervalMillis, probeTimeoutMillis);
        }
        ledger = built;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (probe != null && probeScheduler == null) {
            probeScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "TokenLbHealthProbe");
                t.setDaemon(true);
                return t;
            });
            probe.start(probeScheduler);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (probe != null) {
            probe.stop();
        }
        if (probeScheduler != null) {
            probeScheduler.shutdownNow();
            probeScheduler = null;
        }
        super.doStop();
    }

    /** The {@code Authorization} value per target from its {@code key-env}, read once; null where none. */
    private String[] authorizations(List<Target> targets) {
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
    void prepareAttempt(Exchange exchange, Lease lease, long cost, long prompt) {
        String authorization = authorizations[lease.index()];
        if (authorization != null) {
            exchange.getIn().setHeader("Authorization", authorization);
        }
        if (explain) {
            exchange.setProperty(TokenLbConstants.DECISION, DecisionText.describe(strategy, ledger, health, lease,
                    cost, prompt, exchange.getProperty(TokenLbConstants.ATTEMPTS, 1, Integer.class)));
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

    private List<Target> targets() {
        int outputs = doGetProcessors().length;
        if (backends != null && !backends.isBlank()) {
            if (outputs != 1) {
                throw new IllegalArgumentException("with backends configured the loadBalance must have exactly one "
                                                   + "output that sends to ${exchangeProperty."
                                                   + TokenLbConstants.BACKEND_URL + "}, but it has " + outputs);
            }
            return Backends.parse(backends);
        }
        if (outputs == 0) {
            throw new IllegalArgumentException("the loadBalance has no outputs and no backends are configured");
        }
        double[] w = weights == null || weights.isBlank() ? null : Backends.parseWeights(weights, outputs);
        String[] n = names == null || names.isBlank() ? null : names.split("\\s*,\\s*");
        if (n != null && n.length != outputs) {
            throw new IllegalArgumentException("names '" + names + "' has " + n.length + " values but there are "
                                               + outputs + " outputs");
        }
        List<Target> out = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            out.add(new Target(n == null ? "output-" + (i + 1) : n[i].trim(), null, w == null ? 1 : w[i]));
        }
        return out;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (ledger == null) {
            exchange.setException(new IllegalStateException("TokenAwareLoadBalancer is not initialized"));
            callback.done(true);
            return true;
        }
        return new BalancedCall(this, doGetProcessors(), exchange, callback, costOf(exchange)).start();
    }

    long costOf(Exchange exchange) {
        Object cost = exchange.getProperty(TokenLbConstants.COST);
        if (cost instanceof Number n && n.longValue() >= 0) {
            return n.longValue();
        }
        return defaultCost;
    }

    /** The ledger of in-flight tokens per target; null before the balancer is initialized. */
    public TokenLedger getLedger() {
        return ledger;
    }

    /** Learned backend speeds (always measured; used by picks only with {@link #setLearnSpeed learnSpeed}). */
    public BackendSpeeds getSpeeds() {
        return speeds;
    }

    // ---- JMX (with camel-management, on the loadBalance processor's MBean) ----

    @ManagedAttribute(description = "Tokens in flight over all backends")
    public long getInflightTokens() {
        TokenLedger l = ledger;
        return l == null ? 0 : l.totalInflightTokens();
    }

    @ManagedAttribute(description = "Requests in flight over all backends")
    public int getInflightRequests() {
        TokenLedger l = ledger;
        return l == null ? 0 : l.totalInflightRequests();
    }

    @ManagedAttribute(description = "Backends that may take a request now (not ejected)")
    public int getUsableBackends() {
        BackendHealth h = health;
        return h == null ? 0 : h.admittedCount();
    }

    @ManagedOperation(description = "One line per backend: in-flight tokens and requests, weight, health, ejections")
    public String backendTable() {
        TokenLedger l = ledger;
        if (l == null) {
            return "not started";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < l.size(); i++) {
            sb.append(l.target(i).name()).append(": tokens=").append(l.inflightTokens(i))
                    .append(" requests=").append(l.inflightRequests(i))
                    .append(" weight=").append(String.format(java.util.Locale.ROOT, "%.2f", l.effectiveWeight(i)))
                    .append(' ').append(health.state(i).label())
                    .append(" ejections=").append(health.ejections(i)).append('\n');
        }
        return sb.toString();
    }

    @ManagedOperation(description = "Take a backend out for the given milliseconds (for maintenance); open requests finish")
    public void pauseBackend(String name, long millis) {
        health.overloaded(indexOf(name), Math.max(0, millis));
    }

    @ManagedOperation(description = "Put an ejected or paused backend back at once")
    public void readmitBackend(String name) {
        health.readmit(indexOf(name));
    }

    private int indexOf(String name) {
        TokenLedger l = ledger;
        for (int i = 0; l != null && i < l.size(); i++) {
            if (l.target(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no backend named '" + name + "'");
    }

    /** The bound on tokens in flight per backend, or null when there is none. */
    QueueBound queueBound() {
        return queueBound;
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

    /** Passive health of the targets; null before the balancer is initialized. */
    public BackendHealth getHealth() {
        return health;
    }

    PickPolicy policy() {
        return policy;
    }

    BalancerListener listener() {
        return listener;
    }

    /** For tests: where {@code key-env} values are looked up (default the process environment). */
    void setEnvironment(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    FailoverRule failoverRule() {
        return failoverRule;
    }

    // ---- configuration (JavaBean setters, for YAML beans, camel.beans.* and Java) ----

    @ManagedAttribute(description = "Pick strategy")
    public String getStrategy() {
        return strategy;
    }

    /** {@code tokens} (default), {@code round-robin}, {@code random} or {@code least-requests}. */
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

    public BalancerListener getListener() {
        return listener;
    }

    /** Hears picks, outcomes and failovers, for metrics; default none. */
    public void setListener(BalancerListener listener) {
        this.listener = listener == null ? BalancerListener.NONE : listener;
    }

    @Override
    public String toString() {
        return "TokenAwareLoadBalancer[" + strategy + "]";
    }
}
