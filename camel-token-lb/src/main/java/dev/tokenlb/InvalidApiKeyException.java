package dev.tokenlb;

/** The request carries no API key, or one no tenant holds; the gateway answers it with 401. */
public final class InvalidApiKeyException extends RuntimeException {

    public InvalidApiKeyException() {
        super("Incorrect API key provided. Send Authorization: Bearer <key> with a key this gateway accepts.");
    }
}
