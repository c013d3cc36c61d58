package dev.tokenlb.gateway;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * First step of the proxy route. Captures the client's Vert.x response (the HTTP producer replaces the message
 * later), reads the body once as bytes and checks its size, and rebuilds the headers of the call to the backend from
 * an allow-list: client headers never steer the proxied call ({@code Camel*} headers, {@code Host}, hop-by-hop
 * headers and anything else not listed are dropped).
 * <p>
 * Thread-safe.
 */
final class PrepareProxyRequest implements Processor {

    /** Client request headers passed on to the backend, lower case. */
    static final List<String> FORWARDED_HEADERS = List.of(
            "authorization", "accept", "openai-organization", "openai-project", "openai-beta", "x-request-id");

    private final long maxBodyBytes;

    PrepareProxyRequest(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Map<String, Object> forwarded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (in instanceof HttpMessage http) {
            exchange.setProperty(GatewayProperties.CLIENT, new ClientConnection(http.getResponse()));
            HttpServerRequest request = http.getRequest();
            for (String name : FORWARDED_HEADERS) {
                String value = request.getHeader(name);
                if (value != null) {
                    forwarded.put(name, value);
                }
            }
        } else {
            for (String name : FORWARDED_HEADERS) {
                Object value = in.getHeader(name);
                if (value != null) {
                    forwarded.put(name, value);
                }
            }
        }
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodyBytes) {
            throw new RequestTooLargeException(maxBodyBytes);
        }
        in.getHeaders().clear();
        in.getHeaders().putAll(forwarded);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setBody(body);
    }
}
