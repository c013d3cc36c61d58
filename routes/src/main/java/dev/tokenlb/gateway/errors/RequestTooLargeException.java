package dev.tokenlb.gateway.errors;

/** The request body is over the configured limit; answered with 413. */
public final class RequestTooLargeException extends RuntimeException {

    private final long limit;

    public RequestTooLargeException(long limit) {
        super("request body over " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
