package dev.tokenlb.gateway.http;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import dev.tokenlb.gateway.errors.ErrorReply;
import dev.tokenlb.gateway.errors.OpenAiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Vert.x handlers that run before the Camel routes on {@code /v1/*}, on the event loop, so that a request that will
 * be refused costs no worker thread, no body buffer and no reservation:
 * <ul>
 * <li>with gateway API keys or tenants configured, a request without a valid {@code Authorization: Bearer <key>}
 * (one of the API keys, or a tenant's) gets 401;</li>
 * <li>while the gateway shuts down, a new request gets 503 at once (open ones finish);</li>
 * <li>beyond {@code max-concurrent} requests at once, a request gets 503 with {@code Retry-After} at once (load
 * shedding) rather than waiting in a queue whose latency grows without bound;</li>
 * <li>a body declared ({@code Content-Length}) larger than the limit gets 413 with an OpenAI-style JSON error before
 * a byte of it is buffered; a chunked body that grows past the limit is cut by the body handler's limit, whose 413
 * gets the same JSON;</li>
 * <li>a body that has not fully arrived within the upload deadline gets 408 and the connection is closed, so a slow
 * upload cannot hold a connection and a buffer;</li>
 * <li>a POST without a JSON content type (as {@code curl -d} sends, {@code application/x-www-form-urlencoded}) is
 * read as JSON: otherwise platform-http would parse it as a form and hand the route an empty body.</li>
 * </ul>
 * Thread-safe.
 */
public final class HttpGuard implements Handler<RoutingContext> {

    /**
     * What the guard enforces.
     *
     * @param busyWorkers the worker tasks not finished yet ({@link WorkerThreads#busy()}): a request is shed also when
     *                    they reach {@code maxConcurrent}, which happens when workers outlive their responses (a client
     *                    that hung up, a CPU too busy to let them finish), so the pool is never exhausted
     * @param tenantKeys  whether a key is a tenant's (the tenants file, which may change), or null without tenants
     */
    public record Limits(long maxBodyBytes, int maxConcurrent, long bodyTimeoutMillis, List<String> apiKeys,
                  BooleanSupplier stopping, IntSupplier busyWorkers, Predicate<String> tenantKeys) {
    }

    private final Limits limits;
    private final ClientHangups hangups;
    private final IntConsumer replies;
    private final ApiKeys keys;
    private final AtomicInteger inflight = new AtomicInteger();

    private HttpGuard(Limits limits, ClientHangups hangups, IntConsumer replies) {
        this.limits = limits;
        this.hangups = hangups;
        this.replies = replies;
        this.keys = new ApiKeys(limits.apiKeys());
    }

    /** Installs the guard in front of every route of the router, and JSON bodies for 413 failures. */
    static HttpGuard install(Router router, Limits limits, ClientHangups hangups, IntConsumer replies) {
        HttpGuard guard = new HttpGuard(limits, hangups, replies);
        router.route("/v1/*").order(-1000).handler(guard);
        router.errorHandler(413, guard::tooLarge);
        router.errorHandler(500, guard::failed);
        // OpenAI clients parse error bodies as JSON: no HTML pages for unknown paths or wrong methods
        router.errorHandler(404, HttpGuard::unknownUrl);
        router.errorHandler(405, ctx -> {
            String allow = AllowedMethods.of(router, ctx.request().path());
            if (!allow.isEmpty() && !ctx.response().headWritten()) {
                ctx.response().putHeader(HttpHeaders.ALLOW, allow);
            }
            reply(ctx, 405, new OpenAiError(405, "invalid_request_error", "method_not_allowed", "Method "
                    + ctx.request().method() + " is not allowed on " + ctx.request().path()
                    + (allow.isEmpty() ? "" : "; allowed: " + allow), null), null, false);
        });
        return guard;
    }

    /** Requests on {@code /v1/*} being served now. */
    public int inflight() {
        return inflight.get();
    }

    @Override
    public void handle(RoutingContext ctx) {
        // refusals before the end handler is registered are counted where they happen
        if ((keys.any() || limits.tenantKeys() != null)
            && !authorized(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            replies.accept(401);
            unauthorized(ctx);
            return;
        }
        if (limits.stopping().getAsBoolean()) {
            replies.accept(503);
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            reply(ctx, 503, new OpenAiError(503, "server_error", "gateway_stopping",
                    "The gateway is shutting down; retry on another instance", null), "1", false);
            return;
        }
        if (inflight.incrementAndGet() > limits.maxConcurrent()
            || limits.busyWorkers().getAsInt() >= limits.maxConcurrent()) {
            inflight.decrementAndGet();
            replies.accept(503); // refused before the end handler that counts replies is registered
            overloaded(ctx);
            return;
        }
        // the status is counted when the head goes out; a hang-up before that counts as 'closed' (0)
        ctx.addHeadersEndHandler(v -> replies.accept(ctx.response().getStatusCode()));
        ctx.addEndHandler(done -> {
            inflight.decrementAndGet();
            if (done.failed() && !ctx.response().headWritten()) {
                replies.accept(0);
            }
        });
        hangups.follow(ctx);
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > limits.maxBodyBytes()) {
            tooLarge(ctx);
            return;
        }
        if (!ctx.request().isEnded()) {
            long timer = ctx.vertx().setTimer(limits.bodyTimeoutMillis(), id -> {
                if (!ctx.request().isEnded() && !ctx.response().headWritten()) {
                    reply(ctx, 408, new OpenAiError(408, "invalid_request_error", "request_timeout",
                            "The request body did not arrive within " + limits.bodyTimeoutMillis() + " ms", null),
                            null, true);
                }
            });
            ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        }
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || isForm(type)) {
            ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        ctx.next();
    }

    private void overloaded(RoutingContext ctx) {
        reply(ctx, 503, new OpenAiError(503, "server_error", "gateway_overloaded",
                "The gateway is serving its maximum of " + limits.maxConcurrent() + " requests; retry shortly",
                null), "1", false);
    }

    /**
     * A request that failed in Vert.x or platform-http rather than in a route (whose errors the route answers):
     * refused by an exhausted worker pool, which is overload (503 with {@code Retry-After}), or anything else (a JSON
     * 500 instead of Vert.x's plain text).
     */
    private void failed(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        if (ErrorReply.find(ctx.failure(), RejectedExecutionException.class) != null) {
            overloaded(ctx);
            return;
        }
        reply(ctx, 500, new OpenAiError(500, "server_error", "gateway_error",
                "The gateway failed to handle the request", null), null, false);
    }

    /**
     * An API key (compared in constant time, so the time taken tells nothing about a key) or a tenant's key (found by a
     * hash lookup in the tenants' map).
     */
    private boolean authorized(String header) {
        if (keys.authorized(header)) {
            return true;
        }
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && limits.tenantKeys() != null
               && limits.tenantKeys().test(header.substring(7).trim());
    }

    /** 401 with an OpenAI-style error: the key is missing or not one this gateway accepts. */
    static void unauthorized(RoutingContext ctx) {
        reply(ctx, 401, new OpenAiError(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided. Send Authorization: Bearer <key> with a key this gateway accepts.",
                null), null, false);
    }

    /** 404 with an OpenAI-style error, as for any path the gateway does not serve. */
    static void unknownUrl(RoutingContext ctx) {
        reply(ctx, 404, new OpenAiError(404, "invalid_request_error", "unknown_url",
                "Unknown request URL: " + ctx.request().method() + " " + ctx.request().path(), null), null, false);
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x rejects a malformed length itself
        }
    }

    private static boolean isForm(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/form-data");
    }

    private void tooLarge(RoutingContext ctx) {
        // the body may still be arriving: ask to close rather than read it (closing at once could lose the reply)
        if (!ctx.response().headWritten()) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        reply(ctx, 413, OpenAiError.tooLarge(limits.maxBodyBytes()), null, false);
    }

    private static void reply(RoutingContext ctx, int status, OpenAiError error, String retryAfter, boolean close) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (retryAfter != null) {
            ctx.response().putHeader("Retry-After", retryAfter);
        }
        if (close) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.response().end(error.toJson()).onComplete(v -> ctx.request().connection().close());
        } else {
            ctx.response().end(error.toJson());
        }
    }
}
