package dev.tokenlb.gateway.relay;

/**
 * Exchange properties private to the gateway's routes (the client connection's is
 * {@link dev.tokenlb.gateway.errors.ClientReply#PROPERTY}, since the error step reads it too).
 */
final class GatewayProperties {

    /** String: the API path to call on the backend, such as {@code /v1/chat/completions}; set by each entry route. */
    static final String API_PATH = "TokenLbGatewayApiPath";

    private GatewayProperties() {
    }
}
