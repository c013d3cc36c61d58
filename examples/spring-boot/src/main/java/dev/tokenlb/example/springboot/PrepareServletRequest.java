package dev.tokenlb.example.springboot;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultMessage;

/**
 * First step of the proxy route. Keeps the client's servlet response in the exchange property {@link #RESPONSE} (the
 * HTTP producer replaces the message, and with it the platform-http headers that carry it), reads the body once as
 * bytes, and puts a plain message in place of platform-http's, holding those bytes and the headers of the call to the
 * backend, rebuilt from an allow-list: client headers never steer the proxied call ({@code Camel*}, {@code Host},
 * hop-by-hop and anything not listed are dropped).
 * <p>
 * Why a new message: platform-http's message reads the servlet request again whenever a copy of it finds no body,
 * and once the relay has closed the response, Tomcat has closed the request too ("Stream closed").
 * <p>
 * Thread-safe.
 */
public final class PrepareServletRequest implements Processor {

    /** Exchange property holding the client's {@link HttpServletResponse}. */
    public static final String RESPONSE = "TokenLbServletResponse";

    /** Client request headers passed on to the backend. */
    static final List<String> FORWARDED_HEADERS = List.of(
            "Authorization", "Accept", "OpenAI-Organization", "OpenAI-Project", "OpenAI-Beta", "X-Request-Id");

    /** Where Camel's Spring Boot platform-http puts the servlet request and response. */
    private static final String SERVLET_REQUEST = "CamelHttpServletRequest";
    private static final String SERVLET_RESPONSE = "CamelHttpServletResponse";

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        HttpServletRequest request = in.getHeader(SERVLET_REQUEST, HttpServletRequest.class);
        HttpServletResponse response = in.getHeader(SERVLET_RESPONSE, HttpServletResponse.class);
        if (response != null) {
            exchange.setProperty(RESPONSE, response);
        }
        byte[] body = in.getBody(byte[].class);
        Object[] forwarded = new Object[FORWARDED_HEADERS.size()];
        for (int i = 0; i < forwarded.length; i++) {
            String name = FORWARDED_HEADERS.get(i);
            forwarded[i] = request != null ? request.getHeader(name) : in.getHeader(name);
        }
        Message call = new DefaultMessage(exchange);
        for (int i = 0; i < forwarded.length; i++) {
            if (forwarded[i] != null) {
                call.setHeader(FORWARDED_HEADERS.get(i), forwarded[i]);
            }
        }
        call.setHeader(Exchange.HTTP_METHOD, "POST");
        call.setHeader(Exchange.CONTENT_TYPE, "application/json");
        call.setBody(body == null ? new byte[0] : body);
        exchange.setIn(call);
    }
}
