package dev.tokenlb;

import java.util.ArrayList;
import java.util.List;

import dev.tokenlb.cost.BackendSpeeds;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.pick.PickPolicies;
import dev.tokenlb.pick.PickPolicy;
import org.apache.camel.AsyncCallback;
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
public class TokenAwareLoadBalancer extends LoadBalancerSupport {

    private String strategy = "tokens";
    private String weights;
    private String names;
    private String backends;
    private int maxAttempts = 1;
    private String failoverExceptions = FailoverRule.DEFAULT_EXCEPTIONS;
    private long defaultCost = 1;
    private boolean learnSpeed;
    private boolean decay;

    private volatile TokenLedger ledger;
    private volatile PickPolicy policy;
    private volatile FailoverRule failoverRule;
    private volatile BackendSpeeds speeds;

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
        failoverRule = new FailoverRule(failoverExceptions == null ? "" : failoverExceptions);
        TokenLedger built = new TokenLedger(targets());
        speeds = new BackendSpeeds(built.size());
        if (learnSpeed) {
            built.setSpeedSource(speeds::relativeSpeed);
        }
        ledger = built;
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

    PickPolicy policy() {
        return policy;
    }

    FailoverRule failoverRule() {
        return failoverRule;
    }

    // ---- configuration (JavaBean setters, for YAML beans, camel.beans.* and Java) ----

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

    @Override
    public String toString() {
        return "TokenAwareLoadBalancer[" + strategy + "]";
    }
}
