package dev.tokenlb.gateway.errors;

import dev.tokenlb.TokenLbConstants;
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

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        ClientReply client = exchange.getProperty(ClientReply.PROPERTY, ClientReply.class);
        String target = exchange.getProperty(TokenLbConstants.TARGET, String.class);
        OpenAiError error = client != null && client.timedOut() != null
                ? timedOut(client.timedOut(), target) : Failures.classify(failure, target);
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
        long retryAfter = Failures.retryAfterSeconds(failure, error);
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

    /** The first of the failure and its causes that is a {@code type}, or null. */
    public static Throwable find(Throwable failure, Class<?> type) {
        return Failures.find(failure, type);
    }
}
