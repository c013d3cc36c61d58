package dev.tokenlb.sim;

/** A request body the simulator refuses with 400 {@code invalid_request_error}; the message is shown to the client. */
final class InvalidRequestException extends Exception {

    InvalidRequestException(String message) {
        super(message, null, false, false); // a client error, not a bug: no stack trace to fill
    }
}
