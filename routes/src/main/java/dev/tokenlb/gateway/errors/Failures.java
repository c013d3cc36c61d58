package dev.tokenlb.gateway.errors;

import java.util.List;

import dev.tokenlb.BackendsSaturatedException;
import dev.tokenlb.InvalidApiKeyException;
import dev.tokenlb.ModelNotServedException;
import dev.tokenlb.NoTargetAvailableException;
import dev.tokenlb.RateLimitExceededException;
import dev.tokenlb.count.InvalidRequestException;

/**
 * What a failure means to the client: its OpenAI-style error and, for a 503, when to retry. Knows no HTTP server, so
 * every runtime's error step (the Vert.x gateway's {@link ErrorReply}, the Spring Boot example's servlet one) answers
 * the same failure with the same error. Backend URLs never appear in the messages.
 * <p>
 * Stateless; thread-safe.
 */
public final class Failures {

    private static final List<String> TIMEOUTS = List.of("java.net.SocketTimeoutException",
            "org.apache.hc.client5.http.ConnectTimeoutException", "java.net.http.HttpTimeoutException");
    private static final List<String> POOL_EXHAUSTED = List.of("org.apache.hc.core5.util.DeadlineTimeoutException",
            "org.apache.hc.client5.http.impl.classic.ConnectionRequestTimeoutException");
    private static final List<String> UNREACHABLE = List.of("java.net.ConnectException",
            "java.net.NoRouteToHostException", "java.net.UnknownHostException",
            "org.apache.hc.core5.http.NoHttpResponseException", "java.net.SocketException");

    private Failures() {
    }

    /** Seconds a client should wait before retrying a 503 or 429, or 0 for no header. */
    public static long retryAfterSeconds(Throwable failure, OpenAiError error) {
        if (error.status() == 429
            && find(failure, RateLimitExceededException.class) instanceof RateLimitExceededException limited) {
            // rounded up: a client that waits what it is told finds the room there
            return limited.retryAfterMillis() < 0 ? 0 : Math.max(1, (limited.retryAfterMillis() + 999) / 1000);
        }
        if (error.status() != 503) {
            return 0;
        }
        if (find(failure, NoTargetAvailableException.class) instanceof NoTargetAvailableException none
                && none.retryAfterMillis() > 0) {
            return Math.max(1, (none.retryAfterMillis() + 999) / 1000);
        }
        return 1;
    }

    /**
     * The OpenAI-style error for a failure: 400 bad request, 401 unknown key, 404 unknown model, 413 too large, 429 over
     * a tenant's limit, 502 backend unreachable or broken, 503 no
     * backend available or the gateway out of connections, 504 backend timeout, 500 otherwise.
     *
     * @param target the backend that failed, named in the message, or null
     */
    public static OpenAiError classify(Throwable failure, String target) {
        String on = target == null ? "" : " '" + target + "'";
        if (find(failure, InvalidRequestException.class) instanceof InvalidRequestException invalid) {
            return OpenAiError.badRequest(invalid.getMessage(), invalid.param());
        }
        if (find(failure, RateLimitExceededException.class) instanceof RateLimitExceededException limited) {
            return new OpenAiError(429, limited.limit().type(), "rate_limit_exceeded", limited.getMessage(), null);
        }
        if (find(failure, InvalidApiKeyException.class) instanceof InvalidApiKeyException invalid) {
            return new OpenAiError(401, "invalid_request_error", "invalid_api_key", invalid.getMessage(), null);
        }
        if (find(failure, ModelNotServedException.class) instanceof ModelNotServedException unknown) {
            return new OpenAiError(404, "invalid_request_error", "model_not_found", unknown.reason(), "model");
        }
        if (find(failure, RequestTooLargeException.class) instanceof RequestTooLargeException tooLarge) {
            return OpenAiError.tooLarge(tooLarge.limit());
        }
        if (matches(failure, POOL_EXHAUSTED)) {
            return new OpenAiError(503, "server_error", "gateway_overloaded",
                    "The gateway has no free connection to the backends; retry later", null);
        }
        if (matches(failure, TIMEOUTS)) {
            return new OpenAiError(504, "server_error", "backend_timeout",
                    "The backend" + on + " did not answer in time", null);
        }
        if (matches(failure, UNREACHABLE)) {
            return new OpenAiError(502, "server_error", "backend_unreachable",
                    "Could not reach the backend" + on + " (connection refused or broken)", null);
        }
        if (find(failure, BackendsSaturatedException.class) instanceof BackendsSaturatedException full) {
            return new OpenAiError(503, "server_error", "backends_saturated",
                    "Every backend is at its limit of work in flight: " + full.reason() + "; retry shortly", null);
        }
        if (find(failure, NoTargetAvailableException.class) instanceof NoTargetAvailableException none) {
            return new OpenAiError(503, "server_error", "no_backend_available",
                    "No backend is available: " + none.reason(), null);
        }
        return new OpenAiError(500, "server_error", "internal_error",
                "The gateway failed to handle the request", null);
    }

    /** The first of the failure and its causes that is a {@code type}, or null. */
    public static Throwable find(Throwable failure, Class<?> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static boolean matches(Throwable failure, List<String> classNames) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (classNames.contains(c.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
