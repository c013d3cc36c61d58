package dev.tokenlb.example.springboot;

import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.gateway.errors.Failures;
import dev.tokenlb.gateway.errors.OpenAiError;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's error step: turns the exception caught on the exchange into the same OpenAI-style JSON error as the
 * standalone gateway ({@link Failures}: 400 bad request, 502 backend unreachable, 503 no backend, 504 timeout, 500
 * otherwise), with headers rebuilt from nothing so backend URLs and client credentials never appear. If the reply
 * had already started (a stream failed mid-way), a status can no longer be sent: nothing more is written.
 * <p>
 * Thread-safe.
 */
public final class ServletErrorReply implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ServletErrorReply.class);

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String target = exchange.getProperty(TokenLbConstants.TARGET, String.class);
        OpenAiError error = Failures.classify(failure, target);
        if (error.status() >= 500) {
            LOG.warn("request failed with {}: {}", error.status(), failure == null ? "?" : failure.toString());
        }
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        HttpServletResponse response = exchange.getProperty(PrepareServletRequest.RESPONSE, HttpServletResponse.class);
        if (response != null && response.isCommitted()) {
            message.setBody(null);
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        long retryAfter = Failures.retryAfterSeconds(failure, error);
        if (retryAfter > 0) {
            message.setHeader("Retry-After", Long.toString(retryAfter));
        }
        if (target != null) {
            message.setHeader(ServletRelay.BACKEND_HEADER, target);
        }
        message.setBody(error.toJson());
    }
}
