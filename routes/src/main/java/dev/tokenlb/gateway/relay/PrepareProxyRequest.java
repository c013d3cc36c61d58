package dev.tokenlb.gateway.relay;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.count.InvalidRequestException;
import dev.tokenlb.gateway.errors.ClientReply;
import dev.tokenlb.gateway.errors.RequestTooLargeException;
import dev.tokenlb.gateway.http.ClientHangups;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * First step of the proxy route. Captures the client's Vert.x response (the HTTP producer replaces the message
 * later), reads the body once as bytes and checks its size and that it is valid UTF-8 (JSON must be; a lenient
 * decode would count replacement characters while the backend gets the raw bytes, usually refuses them with a 400,
 * and the request has taken a lease meanwhile), and rebuilds the headers of the call to the backend from an
 * allow-list: client headers never steer the proxied call ({@code Camel*} headers, {@code Host}, hop-by-hop headers
 * and anything else not listed are dropped).
 * <p>
 * Thread-safe.
 */
public final class PrepareProxyRequest implements Processor {

    /** Client request headers passed on to the backend, lower case. */
    static final List<String> FORWARDED_HEADERS = List.of(
            "authorization", "accept", "openai-organization", "openai-project", "openai-beta", "x-request-id");

    private final long maxBodyBytes;
    private final boolean gatewayKeys;
    private final Deadlines deadlines;
    private final ClientHangups hangups;

    /**
     * @param gatewayKeys true when clients authenticate to the gateway itself ({@code tokenlb.api-keys} or
     *                    {@code tokenlb.tenants}): their {@code Authorization} is then the gateway's key and is not
     *                    passed on; its key goes to the exchange property {@link TokenLbConstants#API_KEY}
     * @param deadlines   the timeouts to watch this exchange with, or null for none
     */
    public PrepareProxyRequest(long maxBodyBytes, boolean gatewayKeys, Deadlines deadlines, ClientHangups hangups) {
        this.maxBodyBytes = maxBodyBytes;
        this.gatewayKeys = gatewayKeys;
        this.deadlines = deadlines;
        this.hangups = hangups;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Map<String, Object> forwarded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (in instanceof HttpMessage http) {
            watch(exchange, new ClientConnection(http.getResponse(), exchange, hangups.of(http.getRequest())));
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
        if (!isUtf8(body)) {
            throw new InvalidRequestException("We could not parse the JSON body of your request. (HINT: the body must"
                    + " be JSON encoded as UTF-8; it has bytes that are not valid UTF-8.)", null);
        }
        if (gatewayKeys) {
            Object authorization = forwarded.remove("authorization");
            if (authorization instanceof String bearer && bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
                // for the tenant limits, a later step; the key itself never reaches a backend
                exchange.setProperty(TokenLbConstants.API_KEY, bearer.substring(7).trim());
            }
        }
        in.getHeaders().clear();
        in.getHeaders().putAll(forwarded);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        // the enum itself: camel-http asks for this header as HttpMethods, and converting a String to it goes through
        // Camel's slow converter lookup on every request (a tenth of the gateway's CPU in a profile)
        in.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        in.setBody(body);
    }

    /**
     * Binds the connection for the backend calls made on this thread, and watches its deadlines, until the exchange
     * is done.
     */
    private void watch(Exchange exchange, ClientConnection client) {
        exchange.setProperty(ClientReply.PROPERTY, client);
        UpstreamCalls.bind(client);
        if (deadlines != null) {
            deadlines.watch(client);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                client.finished();
                UpstreamCalls.unbind(client);
                if (deadlines != null) {
                    deadlines.forget(client);
                }
            }
        });
    }

    /**
     * Strict UTF-8 check (RFC 3629, as the JDK's decoder with {@code REPORT} judges it: no overlong forms, no encoded
     * surrogates, nothing above U+10FFFF, no truncated sequence), without allocating: ASCII, the bulk of a JSON body,
     * takes one comparison per byte.
     */
    static boolean isUtf8(byte[] body) {
        int i = 0;
        int n = body.length;
        while (i < n) {
            int b = body[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int need;
            int min2 = 0x80; // bounds of the second byte, narrowed where the first byte allows overlong or surrogates
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                if (b == 0xE0) {
                    min2 = 0xA0;
                } else if (b == 0xED) {
                    max2 = 0x9F;
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                if (b == 0xF0) {
                    min2 = 0x90;
                } else if (b == 0xF4) {
                    max2 = 0x8F;
                }
            } else {
                return false; // a continuation byte first, an overlong C0/C1, or F5..FF
            }
            if (i + need >= n) {
                return false; // truncated at the end
            }
            int second = body[i + 1] & 0xFF;
            if (second < min2 || second > max2) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                if ((body[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
