package dev.tokenlb.gateway.errors;

import java.util.List;

import dev.tokenlb.BackendsSaturatedException;
import dev.tokenlb.InvalidApiKeyException;
import dev.tokenlb.ModelNotServedException;
import dev.tokenlb.NoTargetAvailableException;
import dev.tokenlb.RateLimitExceededException;
import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.count.InvalidRequestException;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's error handler step: turns the exception caught on the exchange into an OpenAI-style JSON error with
 * the right status (400 bad request, 401 unknown key, 404 model not served, 413 too large, 429 over a tenant's limit
 * (OpenAI's shape: type {@code requests} or {@code tokens}, code {@code rate_limit_exceeded}, {@code Retry-After}), 502 backend unreachable or broken,
 * 503 no backend available, 504 backend timeout, 500 otherwise). Backend URLs and client credentials never appear in
 * the reply: its headers are rebuilt from nothing. If the reply had already started (a stream failed mid-way), the
 * client connection is reset instead, since a status can no longer be sent.
 * <p>
 * Thread-safe.
 */
public final class ErrorReply implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReply.class);

    private static final List<String> TIMEOUTS = List.of("java.net.SocketTimeoutException",
            "org.apache.hc.client5.http.ConnectTimeoutException", "java.net.http.HttpTimeoutException");
    private static final List<String> POOL_EXHAUSTED = List.of("org.apache.hc.core5.util.DeadlineTimeoutException",
            "org.apache.hc.client5.http.impl.classic.ConnectionRequestTimeoutException");
    private static final List<String> UNREACHABLE = List.of("java.net.ConnectException",
            "java.net.NoRouteToHostException", "java.net.UnknownHostException",
            "org.apache.hc.core5.http.NoHttpResponseException", "java.net.SocketException");

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        ClientReply client = exchange.getProperty(ClientReply.PROPERTY, ClientReply.class);
        String target = exchange.getProperty(TokenLbConstants.TARGET, String.class);
        OpenAiError error = client != null && client.timedOut() != null
                ? timedOut(client.timedOut(), target) : classify(failure, target);
        if (client != null && client.isClosed()) {
            LOG.debug("client went away before its reply: {}", failure == null ? "?" : failure.toString());
            ClientReply.endClosed(client.response());
            return;
        }
        if (error.status() >= 500) {
            LOG.warn("request failed with {}: {}", error.status(), failure == null ? "?" : failure.toString());
        }
        if (client != null) {
            HttpServerResponse response = client.response();
            if (response.headWritten()) {
                if (!response.ended()) {
                    response.reset();
                    ClientReply.endClosed(response);
                }
                return;
            }
        }
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        long retryAfter = retryAfterSeconds(failure, error);
        if (retryAfter > 0) {
            message.setHeader("Retry-After", Long.toString(retryAfter));
        }
        if (target != null) {
            message.setHeader(ClientReply.BACKEND_HEADER, target);
        }
        message.setBody(error.toJson());
    }

    private static OpenAiError timedOut(String deadline, String target) {
        String on = target == null ? "" : " '" + target + "'";
        String what = switch (deadline) {
            case ClientReply.FIRST_BYTE -> "did not start its reply within the gateway's first-byte timeout";
            case ClientReply.IDLE -> "went silent for longer than the gateway's idle timeout";
            default -> "did not finish within the gateway's total timeout";
        };
        return new OpenAiError(504, "server_error", "backend_timeout", "The backend" + on + " " + what, null);
    }

    /** Seconds a client should wait before retrying a 503 or 429, or 0 for no header. */
    private static long retryAfterSeconds(Throwable failure, OpenAiError error) {
        if (error.status() == 429) {
            RateLimitExceededException limited = (RateLimitExceededException) find(failure,
                    RateLimitExceededException.class);
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

    static OpenAiError classify(Throwable failure, String target) {
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
