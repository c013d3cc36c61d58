package dev.tokenlb.gateway;

/** Exchange properties private to the gateway's routes. */
final class GatewayProperties {

    /** {@link ClientConnection}: the client's Vert.x response, captured before the producer replaces the message. */
    static final String CLIENT = "TokenLbGatewayClient";
    /** String: the API path to call on the backend, such as {@code /v1/chat/completions}; set by each entry route. */
    static final String API_PATH = "TokenLbGatewayApiPath";

    private GatewayProperties() {
    }
}
