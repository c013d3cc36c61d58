package dev.tokenlb.balance;

import java.io.Closeable;
import java.io.IOException;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tokenlb.BackendsSaturatedException;
import dev.tokenlb.ModelNotServedException;
import dev.tokenlb.NoTargetAvailableException;
import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.QueueBound;
import dev.tokenlb.model.ModelCatalog;
import dev.tokenlb.model.RequestModel;
import dev.tokenlb.pick.PickRequest;
import dev.tokenlb.prefix.PromptPrefix;
import dev.tokenlb.prefix.SessionTable;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;

/**
 * One exchange's way through the balancer: pick and reserve, call the output, and on a retryable failure try the
 * next-best target, up to the attempt limit. Each attempt has its own lease: a failed attempt's lease is released at
 * once, a successful one's when the unit of work is done (see {@link ReleaseOnCompletion}). Each attempt's outcome
 * feeds the targets' health.
 * <p>
 * Retryable: an exception the {@link FailoverRule} accepts (the request never reached the target), or an answer with
 * a failover status (429, 503: the target refused the work). Never once the exchange is abandoned, and never after
 * the reply was passed on: the balancer decides when the output calls back, that is when the backend's headers are
 * in and before the route relays a byte.
 * <p>
 * Model routing: the request's model (after alias and default, see {@link ModelCatalog}) limits the candidates to the
 * targets serving it, for every strategy, before the pick runs. No target serves it: {@link ModelNotServedException},
 * nothing reserved. Every target serving it is out (ejected, full, tried): its fallback model, if any, is served
 * instead, the request's {@code model} rewritten and the fallback noted in {@link TokenLbConstants#DECISION}.
 * <p>
 * Honours the {@link AsyncProcessor} contract: {@code callback.done(true)} only when {@link #start()} returns true.
 * Not thread-safe; one instance per exchange.
 */
final class BalancedCall {

    private final Balancer balancer;
    private final AsyncProcessor[] outputs;
    private final Exchange exchange;
    private final AsyncCallback callback;
    private final long cost;
    private final long prompt;
    private final BitSet tried = new BitSet();
    /** Targets this attempt may not pick: those tried, and those not serving {@link #model}. */
    private BitSet excluded = new BitSet();
    /** The model being served (after alias, default, fallback); null: any target. */
    private String model;
    /** The model the request was resolved to, once a fallback replaced it; else null. */
    private String fallbackFrom;
    /** True when some target does not serve the model: the decision then names it. */
    private boolean narrowed;
    /** Models served or tried for this request, made at the first fallback (most requests never need it). */
    private Set<String> modelsTried;
    /** The request body with {@code model} set to {@link #rewrittenFor}, made once when the model differs. */
    private Object rewrittenBody;
    private String rewrittenFor;
    /** The request as the first attempt got it, to send again after an answer that must not reach the client. */
    private final Message request;
    private int attempts;
    /** The prompt's prefix and, per target, its tokens probably cached there; null without prefix affinity. */
    private final PromptPrefix prefix;
    private final long[] cached;
    /** The session's key ({@link SessionTable#key}), 0 when the request names none. */
    private final long session;
    /** What every attempt's pick is asked: the same request, whichever targets are left. */
    private final PickRequest pickRequest;

    /** When backends are full: work drains in seconds, so a client may try again soon. */
    static final long SATURATED_RETRY_MILLIS = 1000;

    BalancedCall(Balancer balancer, AsyncProcessor[] outputs, Exchange exchange, AsyncCallback callback,
                 long cost) {
        this.balancer = balancer;
        this.outputs = outputs;
        this.exchange = exchange;
        this.callback = callback;
        this.cost = cost;
        Object p = exchange.getProperty(TokenLbConstants.PROMPT_TOKENS);
        this.prompt = p instanceof Number n ? Math.max(0, Math.min(cost, n.longValue())) : 0;
        this.request = balancer.settings().maxAttempts() > 1 ? exchange.getIn().copy() : null;
        PrefixAffinity affinity = balancer.affinity();
        this.prefix = affinity == null ? null : exchange.getProperty(TokenLbConstants.PROMPT_PREFIX, PromptPrefix.class);
        this.session = prefix == null ? 0 : SessionTable.key(exchange.getProperty(TokenLbConstants.SESSION, String.class));
        this.cached = prefix == null ? null : affinity.cachedTokens(prefix, prompt, session);
        this.pickRequest = new PickRequest(cost, prompt, cached,
                exchange.getProperty(TokenLbConstants.STREAM, false, Boolean.class));
    }

    /** @return true if the call completed synchronously (the callback has been called with true) */
    boolean start() {
        String requested = exchange.getProperty(TokenLbConstants.MODEL, String.class);
        ModelCatalog catalog = balancer.models();
        model = catalog.resolve(requested);
        int serving = catalog.exclude(model, excluded);
        narrowed = serving < balancer.ledger().size();
        if (serving == 0 && !fallBack()) {
            balancer.listener().modelRejected(requested != null ? requested : model);
            exchange.setException(new ModelNotServedException(requested != null ? requested : model, exchange));
            callback.done(true);
            return true;
        }
        return attempt(false);
    }

    /**
     * Moves on to the current model's fallback (or its fallback's, and so on) that some target not tried yet serves.
     *
     * @return false when there is none
     */
    private boolean fallBack() {
        ModelCatalog catalog = balancer.models();
        if (catalog.fallbackOf(model) == null) {
            return false;
        }
        if (modelsTried == null) {
            modelsTried = new HashSet<>();
            modelsTried.add(model);
        }
        for (String next = catalog.fallbackOf(model); next != null && modelsTried.add(next);
             next = catalog.fallbackOf(next)) {
            BitSet out = (BitSet) tried.clone();
            catalog.exclude(next, out);
            if (out.cardinality() < balancer.ledger().size()) {
                if (fallbackFrom == null) {
                    fallbackFrom = model;
                }
                balancer.listener().modelFellBack(model, next);
                model = next;
                excluded = out;
                narrowed = true;
                return true;
            }
        }
        return false;
    }

    private boolean attempt(boolean alreadyAsync) {
        while (true) {
            long began = System.nanoTime();
            Lease lease = balancer.ledger().reserve(balancer.policyFor(model), pickRequest, excluded);
            long pickNanos = System.nanoTime() - began;
            if (lease == null && fallBack()) {
                continue;
            }
            if (lease == null) {
                noTarget();
                callback.done(!alreadyAsync);
                return !alreadyAsync;
            }
            tried.set(lease.index());
            excluded.set(lease.index());
            if (cached != null) {
                balancer.affinity().sent(lease.index(), prefix, cached[lease.index()], session, prompt);
            }
            attempts++;
            balancer.listener().picked(lease.target(), cost, pickNanos);
            if (attempts == 1) {
                balancer.listener().modelRouted(model != null ? model
                        : exchange.getProperty(TokenLbConstants.MODEL, String.class), prompt);
            }
            exchange.setProperty(TokenLbConstants.TARGET, lease.target().name());
            exchange.setProperty(TokenLbConstants.ATTEMPTS, attempts);
            exchange.setProperty(TokenLbConstants.LEASE, lease);
            exchange.setProperty(TokenLbConstants.BALANCER, balancer);
            Dispatch dispatch = dispatch(lease);
            exchange.setProperty(TokenLbConstants.DISPATCH, dispatch);
            if (!pickRequest.streamed()) {
                expectPrefillDone(lease, dispatch);
            }
            if (lease.target().url() != null) {
                exchange.setProperty(TokenLbConstants.BACKEND_URL, lease.target().url());
            }
            balancer.prepareAttempt(exchange, lease, cost, prompt, cached);
            applyModel();
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

    /** The load the attempt went into, read just after the reservation (so it includes this request). */
    private Dispatch dispatch(Lease lease) {
        int i = lease.index();
        ForeignLoad foreign = balancer.foreignLoad();
        return new Dispatch(i, System.nanoTime(),
                balancer.ledger().pendingPrefillTokens(i) + foreign.prefillTokens(i),
                balancer.ledger().inflightTokens(i) + foreign.tokens(i),
                balancer.ledger().inflightRequests(i) + foreign.requests(i));
    }

    /**
     * A plain reply shows no start: its prompt leaves the target's prefill queue when the calibration expects its
     * first byte, not with the last byte of the whole reply.
     */
    private void expectPrefillDone(Lease lease, Dispatch dispatch) {
        double seconds = balancer.serviceTimes().coefficients(dispatch.index())
                .firstByteSeconds(dispatch.tokensAhead(), dispatch.tokensHeld());
        if (seconds >= 0 && seconds < 3_600) {
            balancer.ledger().prefillDoneBy(lease, dispatch.sentNanos() + (long) (seconds * 1e9));
        }
    }

    /**
     * Sends the model being served: the request's {@code model} is rewritten when an alias, the default model or a
     * fallback changed it, and the decision notes a fallback (always) or the model (when explained and some target
     * does not serve it).
     */
    private void applyModel() {
        if (model == null) {
            return;
        }
        exchange.setProperty(TokenLbConstants.SERVED_MODEL, model);
        boolean explain = balancer.settings().explain();
        if (fallbackFrom != null || explain && narrowed) {
            String note = "model=" + model + (fallbackFrom == null ? "" : "; fallback-for=" + fallbackFrom);
            String decision = explain ? exchange.getProperty(TokenLbConstants.DECISION, String.class) : null;
            exchange.setProperty(TokenLbConstants.DECISION, decision == null ? note : note + "; " + decision);
        }
        String inBody = exchange.getProperty(TokenLbConstants.MODEL, String.class);
        if (model.equals(inBody)) {
            return;
        }
        if (!model.equals(rewrittenFor)) {
            rewrittenBody = RequestModel.rewrite(exchange.getIn().getBody(), model);
            rewrittenFor = model;
        }
        if (rewrittenBody != null) {
            exchange.getIn().setBody(rewrittenBody);
        }
    }

    private void noTarget() {
        int size = balancer.ledger().size();
        int serving = size - excluded.cardinality() + tried.cardinality();
        String scope = model == null || serving == size ? "" : " serving model '" + model + "'";
        Exception last = exchange.getException();
        QueueBound bound = balancer.queueBound();
        if (bound != null && bound.fullOnly(excluded)) {
            String message = (attempts == 0 ? "every backend" + scope
                    : "all " + attempts + " attempts failed and every other backend" + scope)
                    + " already holds its bound of " + bound.maxTokens() + " tokens in flight";
            balancer.listener().noTarget(true);
            exchange.setException(new BackendsSaturatedException(message, exchange, last, SATURATED_RETRY_MILLIS));
            return;
        }
        boolean noneAdmitted = excluded.cardinality() < size;
        long retryAfter = noneAdmitted ? balancer.health().millisUntilAdmitted() : -1;
        String message;
        if (attempts == 0) {
            message = "no backend" + scope + " is available: all " + serving + " are ejected after failures";
        } else if (noneAdmitted) {
            message = "all " + attempts + " attempts failed and the other backends" + scope + " are ejected";
        } else {
            message = "all " + attempts + " attempts failed";
        }
        balancer.listener().noTarget(noneAdmitted);
        exchange.setException(new NoTargetAvailableException(message, exchange, last, retryAfter));
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
            boolean handled = failure == null && handledInsideTheAttempt();
            AttemptOutcome outcome = AttemptOutcome.of(exchange, failure != null || handled);
            balancer.recordOutcome(lease.index(), outcome, exchange);
            if (handled) {
                // an error handler around the output caught and handled the failure: the attempt failed, but the
                // reply is already decided, so release now and do not retry
                lease.release();
                callback.done(doneSync && !alreadyAsync);
                return;
            }
            if (failure == null) {
                if (balancer.failoverRule().allowsRetry(AttemptOutcome.status(exchange.getMessage()))
                        && mayTryAnother()) {
                    discardReply();
                    lease.release();
                    goOn(doneSync, outcome);
                    return;
                }
                exchange.getExchangeExtension().addOnCompletion(new ReleaseOnCompletion(lease));
                callback.done(doneSync && !alreadyAsync);
                return;
            }
            lease.release();
            if (outcome != AttemptOutcome.ABANDONED && mayTryAnother()
                    && balancer.failoverRule().allowsRetry(failure)) {
                resetForRetry();
                goOn(doneSync, outcome);
                return;
            }
            callback.done(doneSync && !alreadyAsync);
        }

        private void goOn(boolean doneSync, AttemptOutcome outcome) {
            balancer.listener().failedOver(lease.target(), outcome);
            restoreRequest();
            if (doneSync) {
                retryNow = true; // the loop in attempt() goes on
            } else {
                attempt(true);
            }
        }

        private boolean handledInsideTheAttempt() {
            Object caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT);
            return caught != null && caught != caughtBefore;
        }
    }

    private boolean mayTryAnother() {
        return attempts < balancer.settings().maxAttempts()
               && (excluded.cardinality() < balancer.ledger().size() || balancer.models().fallbackOf(model) != null)
               && !exchange.getProperty(TokenLbConstants.ABANDONED, false, Boolean.class)
               && exchange.getProperty(TokenLbConstants.TIMED_OUT) == null;
    }

    /** The answer of a target that refused the work is not passed on: close it, so its connection is freed. */
    private void discardReply() {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                // the reply is dropped either way
            }
        }
    }

    private void restoreRequest() {
        if (request == null) {
            return;
        }
        if (exchange.hasOut()) {
            exchange.setOut(null);
        }
        exchange.setIn(request.copy());
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
