package dev.tokenlb;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/** Thrown (set on the exchange) when the balancer has no target left to try. */
public class NoTargetAvailableException extends CamelExchangeException {

    private final long retryAfterMillis;
    private final String reason;

    public NoTargetAvailableException(String message, Exchange exchange, Throwable lastFailure) {
        this(message, exchange, lastFailure, -1);
    }

    public NoTargetAvailableException(String message, Exchange exchange, Throwable lastFailure,
                                      long retryAfterMillis) {
        super(message, exchange, lastFailure);
        this.retryAfterMillis = retryAfterMillis;
        this.reason = message;
    }

    /** The message without the exchange and cause Camel appends: safe to show a client. */
    public String reason() {
        return reason;
    }

    /**
     * When some target is expected to take requests again (ejected targets' cool-down), in milliseconds; -1 when
     * every target was tried and none is merely waiting out a cool-down.
     */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
