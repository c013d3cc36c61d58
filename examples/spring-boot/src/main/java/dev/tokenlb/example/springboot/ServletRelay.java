package dev.tokenlb.example.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.balance.ReplyProgress;
import dev.tokenlb.gateway.errors.OpenAiError;
import dev.tokenlb.gateway.relay.ReplyTokens;
import dev.tokenlb.gateway.relay.SseEventFramer;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last step of the proxy route: writes the backend's reply to the client's servlet response itself, from the servlet
 * thread that runs the route, instead of leaving a stream body to platform-http (which would copy it in blocks without
 * flushing, so a client would see Server-Sent Events in bursts). Status and filtered headers go first; an SSE reply is
 * forwarded as whole events ({@link SseEventFramer}), each flushed at once; then the response is closed. The step
 * returns after the last byte went out, so the exchange's completion, which releases the request's tokens, comes
 * after it; platform-http then finds the body gone and writes nothing more.
 * <p>
 * On the way the balancer hears the first byte, the output tokens so far and the end ({@link ReplyProgress}), as from
 * the standalone gateway. A client that hangs up makes a write fail: the backend reply is then aborted (not drained).
 * <p>
 * Each stream holds its servlet thread until it ends: size the container's pool ({@code server.tomcat.threads.max})
 * for the streams open at once. Thread-safe.
 */
public final class ServletRelay implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ServletRelay.class);

    /** Reply header naming the backend that answered, as the standalone gateway sends it. */
    public static final String BACKEND_HEADER = "x-tokenlb-backend";
    static final String DECISION_HEADER = "x-tokenlb-decision";

    /** Response headers never passed back: hop-by-hop, framing (the container frames), and Camel's own. */
    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "content-length", "content-encoding",
            "proxy-authenticate", "proxy-authorization", "host", "cache-control");

    @Override
    public void process(Exchange exchange) throws Exception {
        HttpServletResponse response = exchange.getProperty(PrepareServletRequest.RESPONSE, HttpServletResponse.class);
        if (response == null) {
            return; // not called from platform-http: let the consumer write the reply
        }
        Message reply = exchange.getMessage();
        response.setStatus(reply.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
        String contentType = copyHeaders(reply, response);
        String target = exchange.getProperty(TokenLbConstants.TARGET, String.class);
        if (target != null) {
            response.setHeader(BACKEND_HEADER, target);
        }
        String decision = exchange.getProperty(TokenLbConstants.DECISION, String.class);
        if (decision != null) {
            response.setHeader(DECISION_HEADER, decision);
        }
        ReplyProgress progress = ReplyProgress.of(exchange);
        Object body = reply.getBody();
        reply.setBody(null); // taken here; platform-http must not write it again
        reply.getHeaders().clear();
        if (body instanceof InputStream in) {
            boolean sse = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
            if (sse) {
                response.setHeader("Cache-Control", "no-cache"); // camel-http drops the backend's
                response.setHeader("X-Accel-Buffering", "no");
            }
            relay(in, response, sse, progress);
        } else {
            byte[] bytes = body == null ? new byte[0] : exchange.getContext().getTypeConverter()
                    .mandatoryConvertTo(byte[].class, exchange, body);
            progress.finished(ReplyTokens.reportedIn(bytes));
            response.setContentLength(bytes.length);
            try (OutputStream out = response.getOutputStream()) {
                out.write(bytes);
            } catch (IOException e) {
                LOG.debug("client went away before its reply: {}", e.toString());
            }
        }
    }

    /** Pumps the backend's body to the client, telling the balancer as it goes; closes the response at the end. */
    private static void relay(InputStream in, HttpServletResponse response, boolean sse, ReplyProgress progress)
            throws IOException {
        SseEventFramer framer = sse ? new SseEventFramer() : null;
        ReplyTokens tokens = new ReplyTokens();
        byte[] buf = new byte[8192];
        OutputStream out;
        try {
            out = response.getOutputStream();
            if (sse) {
                response.flushBuffer(); // the client sees the status at once, as from the backend
            }
        } catch (IOException e) {
            abort(in, e);
            return;
        }
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (IOException e) {
                progress.broken();
                LOG.warn("backend reply failed mid-stream: {}", e.toString());
                endAfterBackendFailure(response, out, sse);
                return;
            }
            if (n < 0) {
                break;
            }
            if (n == 0) {
                continue;
            }
            progress.firstByte();
            try {
                if (framer != null) {
                    byte[] events = framer.accept(buf, 0, n);
                    if (events.length > 0) {
                        tokens.events(events);
                        progress.outputTokens(tokens.counted());
                        out.write(events);
                        out.flush(); // one flush per event (or per read's worth of whole events)
                    }
                } else {
                    tokens.body(buf, n);
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                abort(in, e);
                return;
            }
        }
        progress.finished(tokens.reported());
        try {
            if (framer != null) {
                out.write(framer.flush());
            }
            out.close(); // the last byte (the final chunk) goes out before the exchange completes
        } catch (IOException e) {
            LOG.debug("client went away at the end of its reply: {}", e.toString());
        }
    }

    /** The status line is gone already: tell an SSE client in-band, cut a plain body short so it is seen as broken. */
    private static void endAfterBackendFailure(HttpServletResponse response, OutputStream out, boolean sse) {
        OpenAiError error = new OpenAiError(502, "server_error", "backend_stream_failed",
                "The backend's reply ended with an error before it was complete", null);
        try {
            if (sse) {
                out.write(("data: " + error.toJson() + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.close();
            } else if (!response.isCommitted()) {
                response.reset();
                response.setStatus(error.status());
                response.setContentType("application/json");
                out.write(error.toJson().getBytes(StandardCharsets.UTF_8));
                out.close();
            }
            // else: a plain body already partly sent; the container ends it, the client sees it short
        } catch (IOException | IllegalStateException e) {
            LOG.debug("could not tell the client of the failed reply: {}", e.toString());
        }
    }

    /** The client went away: abort the backend reply rather than reading it to its end. */
    private static void abort(InputStream in, IOException cause) {
        LOG.debug("client went away; backend reply aborted: {}", cause.toString());
        try {
            if (in instanceof EofSensorInputStream sensor) {
                sensor.abort();
            } else {
                in.close();
            }
        } catch (IOException e) {
            LOG.debug("aborting the backend reply failed: {}", e.toString());
        }
    }

    /** @return the content type */
    private static String copyHeaders(Message reply, HttpServletResponse response) {
        String contentType = null;
        for (Map.Entry<String, Object> h : reply.getHeaders().entrySet()) {
            String name = h.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("camel") || DROPPED.contains(lower) || h.getValue() == null) {
                continue;
            }
            if (h.getValue() instanceof Iterable<?> values) {
                for (Object v : values) {
                    response.addHeader(name, String.valueOf(v));
                }
            } else {
                response.setHeader(name, String.valueOf(h.getValue()));
            }
            if (lower.equals("content-type")) {
                contentType = String.valueOf(h.getValue());
            }
        }
        return contentType;
    }
}
