package dev.tokenlb;

import org.apache.camel.Exchange;

/**
 * No target was picked because every healthy one already holds its bound of tokens in flight
 * ({@link TokenAwareLoadBalancer#setMaxInflightTokens maxInflightTokens}): the request is refused at once, nothing
 * reserved, rather than queued behind work that keeps growing. Retrying after {@link #retryAfterMillis()} is fair.
 */
public class BackendsSaturatedException extends NoTargetAvailableException {

    public BackendsSaturatedException(String message, Exchange exchange, Throwable lastFailure,
                                      long retryAfterMillis) {
        super(message, exchange, lastFailure, retryAfterMillis);
    }
}
