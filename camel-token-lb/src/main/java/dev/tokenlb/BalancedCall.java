package dev.tokenlb;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tokenlb.ledger.Lease;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * One exchange's way through the balancer: pick and reserve, call the output, and on a retryable failure try the
 * next-best target, up to the attempt limit. Each attempt has its own lease: a failed attempt's lease is released at
 * once, a successful one's when the unit of work is done (see {@link ReleaseOnCompletion}).
 * <p>
 * Honours the {@link AsyncProcessor} contract: {@code callback.done(true)} only when {@link #start()} returns true.
 * Not thread-safe; one instance per exchange.
 */
final class BalancedCall {

    private final TokenAwareLoadBalancer balancer;
    private final AsyncProcessor[] outputs;
    private final Exchange exchange;
    private final AsyncCallback callback;
    private final long cost;
    private final long prompt;
    private final BitSet tried = new BitSet();
    private int attempts;

    BalancedCall(TokenAwareLoadBalancer balancer, AsyncProcessor[] outputs, Exchange exchange, AsyncCallback callback,
                 long cost) {
        this.balancer = balancer;
        this.outputs = outputs;
        this.exchange = exchange;
        this.callback = callback;
        this.cost = cost;
        Object p = exchange.getProperty(TokenLbConstants.PROMPT_TOKENS);
        this.prompt = p instanceof Number n ? Math.max(0, Math.min(cost, n.longValue())) : 0;
    }

    /** @return true if the call completed synchronously (the callback has been called with true) */
    boolean start() {
        return attempt(false);
    }

    private boolean attempt(boolean alreadyAsync) {
        while (true) {
            Lease lease = balancer.getLedger().reserve(balancer.policy(), cost, prompt, tried);
            if (lease == null) {
                Exception last = exchange.getException();
                exchange.setException(new NoTargetAvailableException(
                        attempts == 0 ? "no target to send to" : "all " + attempts + " attempts failed", exchange, last));
                callback.done(!alreadyAsync);
                return !alreadyAsync;
            }
            tried.set(lease.index());
            attempts++;
            exchange.setProperty(TokenLbConstants.TARGET, lease.target().name());
            exchange.setProperty(TokenLbConstants.ATTEMPTS, attempts);
            exchange.setProperty(TokenLbConstants.LEASE, lease);
            exchange.setProperty(TokenLbConstants.BALANCER, balancer);
            if (lease.target().url() != null) {
                exchange.setProperty(TokenLbConstants.BACKEND_URL, lease.target().url());
            }
            AsyncProcessor output = outputs.length == 1 ? outputs[0] : outputs[lease.index()];
            Attempt a = new Attempt(lease, alreadyAsync, exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT));
            boolean sync;
            try {
                sync = output.process(exchange, a);
            } catch (Throwable t) {
                exchange.setException(t);
                a.done(true);
                sync = true;
            }
            if (!sync) {
                return false;
            }
            if (!a.retryNow) {
                return !alreadyAsync;
            }
        }
    }

    /** Settles one attempt: keep or release its lease, then finish or go on to the next attempt. */
    private final class Attempt implements AsyncCallback {
        private final Lease lease;
        private final boolean alreadyAsync;
        private final Object caughtBefore;
        private final AtomicBoolean settled = new AtomicBoolean();
        boolean retryNow;

        Attempt(Lease lease, boolean alreadyAsync, Object caughtBefore) {
            this.lease = lease;
            this.alreadyAsync = alreadyAsync;
            this.caughtBefore = caughtBefore;
        }

        @Override
        public void done(boolean doneSync) {
            if (!settled.compareAndSet(false, true)) {
                return; // a misbehaving output called back twice; the first call counts
            }
            Exception failure = exchange.getException();
            if (failure == null && handledInsideTheAttempt()) {
                // an error handler around the output caught and handled the failure: the attempt failed, but the
                // reply is already decided, so release now and do not retry
                lease.release();
                callback.done(doneSync && !alreadyAsync);
                return;
            }
            if (failure == null) {
                exchange.getExchangeExtension().addOnCompletion(new ReleaseOnCompletion(lease));
                callback.done(doneSync && !alreadyAsync);
                return;
            }
            lease.release();
            if (attempts < balancer.getMaxAttempts() && balancer.failoverRule().allowsRetry(failure)
                    && tried.cardinality() < outputsOrTargets()) {
                resetForRetry();
                if (doneSync) {
                    retryNow = true; // the loop in attempt() goes on
                } else {
                    attempt(true);
                }
                return;
            }
            callback.done(doneSync && !alreadyAsync);
        }

        private boolean handledInsideTheAttempt() {
            Object caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT);
            return caught != null && caught != caughtBefore;
        }
    }

    private int outputsOrTargets() {
        return balancer.getLedger().size();
    }

    private void resetForRetry() {
        exchange.setException(null);
        exchange.removeProperty(ExchangePropertyKey.EXCEPTION_CAUGHT);
        exchange.removeProperty(ExchangePropertyKey.FAILURE_ENDPOINT);
        exchange.setRollbackOnly(false);
        exchange.setRouteStop(false);
        exchange.getExchangeExtension().setRedeliveryExhausted(false);
        exchange.getExchangeExtension().setErrorHandlerHandled(null);
    }
}
