package dev.tokenlb.gateway;

/** The request body is over the configured limit; answered with 413. */
final class RequestTooLargeException extends RuntimeException {

    private final long limit;

    RequestTooLargeException(long limit) {
        super("request body over " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
