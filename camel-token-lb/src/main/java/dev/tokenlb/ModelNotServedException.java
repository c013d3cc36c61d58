package dev.tokenlb;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * Thrown (set on the exchange) when no target serves the request's model (nor its fallback): nothing was reserved and
 * no backend was called. The gateway answers it with OpenAI's 404 {@code model_not_found}.
 */
public class ModelNotServedException extends CamelExchangeException {

    private final String model;
    private final String reason;

    public ModelNotServedException(String model, Exchange exchange) {
        super("The model '" + model + "' does not exist", exchange);
        this.model = model;
        this.reason = "The model '" + model + "' does not exist";
    }

    /** The model asked for, as the client named it. */
    public String model() {
        return model;
    }

    /** The message without the exchange Camel appends: safe to show a client. */
    public String reason() {
        return reason;
    }
}
