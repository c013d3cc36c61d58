package dev.tokenlb.balance;

import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.cost.BackendSpeeds;
import dev.tokenlb.cost.OutputEstimator;
import dev.tokenlb.count.CountedRequest;
import dev.tokenlb.ledger.Lease;
import org.apache.camel.Exchange;

/**
 * What a step that relays a backend's reply tells the balancer while the reply goes by, so the balancer sees work
 * left rather than work started, and learns: {@link #firstByte()} (prefill is over: the prompt's share of the lease
 * goes), {@link #outputTokens(long)} (the expected output is counted down) and {@link #finished(long)} (the output
 * estimator learns the real length, the backend's speed gets a sample).
 * <p>
 * Work left after k output tokens of an expected E: {@code E - k} while k is below 2/3 of E, then {@code k / 2}: reply
 * lengths are heavy-tailed, so a reply that has run past its expectation is likely to run on (the expected remainder
 * grows with its age). Never above what the request's own limit leaves.
 * <p>
 * Not thread-safe: one instance per exchange, used by the thread that relays the reply. An exchange that did not go
 * through a token-aware balancer gets an instance that does nothing.
 */
public final class ReplyProgress {

    private static final ReplyProgress NONE = new ReplyProgress(null, null, null, null, 0, null, null, null);

    private final Lease lease;
    private final Balancer balancer;
    private final CountedRequest request;
    private final OutputEstimator estimator;
    private final long expectedOutput;
    private final Dispatch dispatch;
    private final Exchange exchange;
    /** The model served (or requested, without model routing); null: none named. */
    private final String model;
    private long firstByteNanos;
    private long firstTokenNanos;
    private long lastTokenNanos;
    private long tokens;

    private ReplyProgress(Lease lease, Balancer balancer, CountedRequest request,
                          OutputEstimator estimator, long expectedOutput, Dispatch dispatch, Exchange exchange,
                          String model) {
        this.lease = lease;
        this.model = model;
        this.balancer = balancer;
        this.request = request;
        this.estimator = estimator;
        this.expectedOutput = expectedOutput;
        this.dispatch = dispatch;
        this.exchange = exchange;
    }

    /** The progress of the exchange's current (successful) attempt. */
    public static ReplyProgress of(Exchange exchange) {
        Lease lease = exchange.getProperty(TokenLbConstants.LEASE, Lease.class);
        Balancer balancer = exchange.getProperty(TokenLbConstants.BALANCER, Balancer.class);
        if (lease == null || balancer == null) {
            return NONE;
        }
        Long expected = exchange.getProperty(TokenLbConstants.EXPECTED_OUTPUT_TOKENS, Long.class);
        return new ReplyProgress(lease, balancer,
                exchange.getProperty(TokenLbConstants.COUNTED_REQUEST, CountedRequest.class),
                exchange.getProperty(TokenLbConstants.OUTPUT_ESTIMATOR, OutputEstimator.class),
                expected == null ? 0 : expected, exchange.getProperty(TokenLbConstants.DISPATCH, Dispatch.class),
                exchange, exchange.getProperty(TokenLbConstants.SERVED_MODEL,
                        exchange.getProperty(TokenLbConstants.MODEL, String.class), String.class));
    }

    /** The first byte of the reply arrived: the backend has read the prompt. */
    public void firstByte() {
        if (lease == null || firstByteNanos != 0) {
            return;
        }
        firstByteNanos = System.nanoTime();
        lease.prefillDone();
        if (streamed()) {
            Calibration.firstByte(balancer.serviceTimes(), dispatch, firstByteNanos);
        }
        if (balancer.settings().decay()) {
            lease.adjustRemaining(remaining(0));
        }
    }

    /** @param soFar output tokens received so far (cumulative) */
    public void outputTokens(long soFar) {
        if (lease == null || soFar <= tokens) {
            return;
        }
        long now = System.nanoTime();
        if (tokens == 0) {
            firstTokenNanos = now;
        }
        lastTokenNanos = now;
        tokens = soFar;
        if (balancer.settings().decay()) {
            lease.adjustRemaining(remaining(soFar));
        }
    }

    /**
     * The reply is complete.
     *
     * @param reportedOutputTokens the reply's {@code usage.completion_tokens}, or -1 if it gave none (then the count
     *                             of output tokens seen is used)
     */
    public void finished(long reportedOutputTokens) {
        if (lease == null) {
            return;
        }
        long actual = reportedOutputTokens >= 0 ? reportedOutputTokens : tokens;
        if (reportedOutputTokens >= 0 || tokens > 0) {
            exchange.setProperty(TokenLbConstants.OUTPUT_TOKENS, actual); // what tenant limits are corrected by
        }
        if (estimator != null && request != null && (reportedOutputTokens >= 0 || tokens > 0)) {
            estimator.observe(request, actual);
        }
        if (reportedOutputTokens >= 0 || tokens > 0) {
            balancer.replied(actual);
            balancer.listener().modelReplied(model, actual);
        }
        if (tokens > 1) {
            BackendSpeeds speeds = balancer.speeds();
            if (speeds != null) {
                speeds.observeDecode(lease.index(), tokens - 1, lastTokenNanos - firstTokenNanos);
            }
        }
        if (streamed()) {
            Calibration.streamedDecode(balancer.serviceTimes(), dispatch, tokens, lastTokenNanos - firstTokenNanos);
        } else {
            Calibration.wholeReply(balancer.serviceTimes(), dispatch, actual, System.nanoTime());
        }
    }

    /** A streamed reply's first byte comes before its decode, a plain reply's only after it. */
    private boolean streamed() {
        return dispatch != null && (tokens > 0 || (request != null && request.stream()));
    }

    /** The reply broke off before it was complete (the backend dropped the connection, or went silent). */
    public void broken() {
        if (lease == null || balancer.health() == null) {
            return;
        }
        balancer.health().failed(lease.index());
        balancer.listener().attempted(lease.target(), AttemptOutcome.FAILED);
    }

    /** Output tokens still expected after {@code soFar}. */
    long remaining(long soFar) {
        long left = soFar < expectedOutput * 2 / 3 ? expectedOutput - soFar : soFar / 2;
        int limit = request == null ? -1 : request.maxOutputTokens();
        if (limit >= 0) {
            left = Math.min(left, Math.max(0, limit - soFar));
        }
        return Math.max(0, left);
    }
}
