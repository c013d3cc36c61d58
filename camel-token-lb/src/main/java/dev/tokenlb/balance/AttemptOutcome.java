package dev.tokenlb.balance;

import dev.tokenlb.TokenLbConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * How one attempt at a target ended, as far as the target's health and failover are concerned. Read from the
 * exchange when the output calls back, that is when a backend's response <em>headers</em> are in.
 */
public enum AttemptOutcome {
    /** The target answered: any HTTP status but 5xx and 429, or no status at all (a non-HTTP output). */
    ANSWERED,
    /** HTTP 429 or 503: the target is overloaded; another may take the request. */
    OVERLOADED,
    /** HTTP 5xx other than 503. */
    SERVER_ERROR,
    /** An exception: connection refused, timeout, broken connection, or any failure of the output. */
    FAILED,
    /** The exchange was abandoned (the client went away): says nothing about the target. */
    ABANDONED;

    /** Lower-case name for status pages and metrics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static AttemptOutcome of(Exchange exchange, boolean failed) {
        if (exchange.getProperty(TokenLbConstants.ABANDONED, false, Boolean.class)) {
            return ABANDONED;
        }
        if (failed) {
            return FAILED;
        }
        int status = status(exchange.getMessage());
        if (status == 429 || status == 503) {
            return OVERLOADED;
        }
        return status >= 500 ? SERVER_ERROR : ANSWERED;
    }

    static int status(Message message) {
        Object code = message.getHeader(Exchange.HTTP_RESPONSE_CODE);
        if (code instanceof Number n) {
            return n.intValue();
        }
        if (code != null) {
            try {
                return Integer.parseInt(code.toString().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
