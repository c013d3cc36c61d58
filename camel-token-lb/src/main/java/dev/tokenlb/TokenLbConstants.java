package dev.tokenlb;

/**
 * Names of the exchange properties that {@link TokenCountingProcessor} writes and {@link TokenAwareLoadBalancer}
 * reads and writes. Read them in a route as {@code ${exchangeProperty.CamelTokenLbCost}}.
 */
public final class TokenLbConstants {

    /** Long: tokens of the request's prompt, counted with the configured encoding. */
    public static final String PROMPT_TOKENS = "CamelTokenLbPromptTokens";
    /** Long: output tokens the request is expected to produce (see {@link TokenCountingProcessor}). */
    public static final String EXPECTED_OUTPUT_TOKENS = "CamelTokenLbExpectedOutputTokens";
    /** Long: what the request reserves on its backend, prompt plus expected output; read by the balancer. */
    public static final String COST = "CamelTokenLbCost";
    /** String: the request's {@code model}, when it names one. */
    public static final String MODEL = "CamelTokenLbModel";
    /**
     * String: the model the current attempt is served with, after alias, default model and fallback (the request's
     * {@code model} is rewritten to it when it differs); unset when the request names none and there is no default.
     */
    public static final String SERVED_MODEL = "CamelTokenLbServedModel";
    /** Boolean: the request asked for a streamed ({@code stream: true}) reply. */
    public static final String STREAM = "CamelTokenLbStream";
    /**
     * String: the API shape the body was read as ({@code CHAT_COMPLETIONS}, {@code COMPLETIONS}, ...). Set before
     * {@link TokenCountingProcessor} (to {@code chat}, {@code completions}, {@code embeddings}, {@code responses}),
     * it asks for that shape instead of the configured one.
     */
    public static final String API_SHAPE = "CamelTokenLbApiShape";
    /** {@link dev.tokenlb.count.CountedRequest}: the request as counted, for steps that learn from the reply. */
    public static final String COUNTED_REQUEST = "CamelTokenLbCountedRequest";
    /** {@link dev.tokenlb.cost.OutputEstimator}: the estimator that made the expectation, to learn from the reply. */
    public static final String OUTPUT_ESTIMATOR = "CamelTokenLbOutputEstimator";
    /**
     * {@link dev.tokenlb.prefix.PromptPrefix}: the prompt's chained block hashes, so the balancer can send it where its
     * prefix is probably cached.
     */
    public static final String PROMPT_PREFIX = "CamelTokenLbPromptPrefix";
    /**
     * String: the request's session (a conversation id, or the end user), when the route names one: the balancer then
     * counts the prompt this session last sent as cached where it went ({@link dev.tokenlb.prefix.SessionTable}).
     * Set by {@link TokenCountingProcessor#setSessionKey} or by any step of the route before the balancer.
     */
    public static final String SESSION = "CamelTokenLbSession";
    /** {@link dev.tokenlb.ledger.Lease}: the lease of the current attempt. */
    public static final String LEASE = "CamelTokenLbLease";
    /** {@link dev.tokenlb.balance.Balancer}: the running balancer that took the lease. */
    public static final String BALANCER = "CamelTokenLbBalancer";
    /**
     * {@link dev.tokenlb.balance.Dispatch}: when and into what load the current attempt was sent, for steps that
     * relay the reply (calibration learns from it).
     */
    public static final String DISPATCH = "CamelTokenLbDispatch";
    /** String: name of the target the balancer chose for the current attempt. */
    public static final String TARGET = "CamelTokenLbTarget";
    /** String: base URL of the chosen backend, when the balancer is configured with backends. */
    public static final String BACKEND_URL = "CamelTokenLbBackendUrl";
    /** Integer: attempts made so far by the balancer for this exchange (1 without failover). */
    public static final String ATTEMPTS = "CamelTokenLbAttempts";

    /**
     * Boolean: set to true by whoever knows the exchange's reply is no longer wanted (the client hung up). The
     * balancer then neither fails over nor counts the attempt's end against its target's health.
     */
    public static final String ABANDONED = "CamelTokenLbAbandoned";
    /**
     * String: set by whoever enforces a deadline on the exchange (such as the gateway's first-byte and total
     * timeouts), naming the deadline, before it cuts the call. The balancer then does not fail over (the backend may
     * be working on the request); the attempt counts as its target's failure.
     */
    public static final String TIMED_OUT = "CamelTokenLbTimedOut";
    /**
     * String: why the balancer chose the current attempt's target (each candidate's load and this request's cost);
     * set only when the balancer's {@code explain} is on.
     */
    public static final String DECISION = "CamelTokenLbDecision";

    private TokenLbConstants() {
    }
    /**
     * Long: output tokens of the reply, as its {@code usage} reported them or as counted while it streamed; set when a
     * relayed reply is complete ({@link dev.tokenlb.balance.ReplyProgress#finished(long)}).
     */
    public static final String OUTPUT_TOKENS = "CamelTokenLbOutputTokens";
    /**
     * String: the client's API key, for {@link TenantLimitProcessor}, when a step before it took the
     * {@code Authorization} header away (the gateway does, so the key never reaches a backend).
     */
    public static final String API_KEY = "CamelTokenLbApiKey";
    /** String: the name of the tenant {@link TenantLimitProcessor} admitted the request for. */
    public static final String TENANT = "CamelTokenLbTenant";
}
