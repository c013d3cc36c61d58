package dev.tokenlb;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/** Thrown (set on the exchange) when the balancer has no target left to try. */
public class NoTargetAvailableException extends CamelExchangeException {

    private final long retryAfterMillis;

    public NoTargetAvailableException(String message, Exchange exchange, Throwable lastFailure) {
        this(message, exchange, lastFailure, -1);
    }

    public NoTargetAvailableException(String message, Exchange exchange, Throwable lastFailure,
                                      long retryAfterMillis) {
        super(message, exchange, lastFailure);
        this.retryAfterMillis = retryAfterMillis;
    }

    /**
     * When some target is expected to take requests again (ejected targets' cool-down), in milliseconds; -1 when
     * every target was tried and none is merely waiting out a cool-down.
     */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
