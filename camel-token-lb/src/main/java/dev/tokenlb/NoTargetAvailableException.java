package dev.tokenlb;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/** Thrown (set on the exchange) when the balancer has no target left to try. */
public class NoTargetAvailableException extends CamelExchangeException {

    public NoTargetAvailableException(String message, Exchange exchange, Throwable lastFailure) {
        super(message, exchange, lastFailure);
    }
}
