package dev.tokenlb.gateway.relay;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.balance.ReplyProgress;
import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.gateway.errors.ClientReply;
import dev.tokenlb.gateway.errors.OpenAiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last step of the proxy route: writes the backend's reply to the client ourselves, from this worker thread, instead
 * of handing an {@code InputStream} body to platform-http. Camel 4.22's platform-http-vertx would read such a body
 * with an <em>ordered</em> {@code executeBlocking} on the connection's event-loop context, so one stream waiting for
 * its first token would hold back every other stream on that loop. Here each stream blocks only its own worker.
 * <p>
 * Status and filtered headers are written first, then the body is pumped with backpressure; Server-Sent Events are
 * forwarded as whole events. The step returns after the response has ended, so the exchange's completion (and the
 * release of its tokens) comes after the last byte. platform-http then finds the response ended and writes nothing.
 * If the client hangs up, the backend reply is aborted (see {@link ClientConnection}).
 * <p>
 * Thread-safe.
 */
public final class RelayResponse implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RelayResponse.class);

    /** Response headers never passed back: hop-by-hop, framing (we re-frame), and Camel's own. */
    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "content-length", "content-encoding",
            "proxy-authenticate", "proxy-authorization", "host");

    static final String DECISION_HEADER = "x-tokenlb-decision";
    private static final byte[] EMPTY = new byte[0];

    private final long clientWriteTimeoutMillis;

    public RelayResponse(long clientWriteTimeoutMillis) {
        this.clientWriteTimeoutMillis = clientWriteTimeoutMillis;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ClientConnection client = exchange.getProperty(ClientReply.PROPERTY, ClientConnection.class);
        if (client == null) {
            return; // not called from platform-http: let the consumer write the reply
        }
        Message reply = exchange.getMessage();
        HttpServerResponse response = client.response();
        response.setStatusCode(reply.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
        String contentType = copyHeaders(reply, response);
        String target = exchange.getProperty(TokenLbConstants.TARGET, String.class);
        if (target != null) {
            response.putHeader(ClientReply.BACKEND_HEADER, target);
        }
        String decision = exchange.getProperty(TokenLbConstants.DECISION, String.class);
        if (decision != null) {
            response.putHeader(DECISION_HEADER, decision);
        }
        Object body = reply.getBody();
        if (body instanceof InputStream in) {
            boolean sse = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
            if (sse) {
                response.putHeader("Cache-Control", "no-cache"); // camel-http drops the backend's
                response.putHeader("X-Accel-Buffering", "no");
                response.setChunked(true);
                response.writeHead(); // the client sees the status at once, as from the backend, not with the first token
            }
            // a plain body goes out with its head in one write when it comes in one read (the usual JSON reply):
            // every write from this worker is a hand-off to the event loop
            client.relaying(in);
            try {
                pump(in, client, sse, ReplyProgress.of(exchange));
            } finally {
                reply.setBody(null); // consumed; nothing else may read it
            }
        } else {
            byte[] bytes = body == null ? new byte[0] : reply.getBody(byte[].class);
            ReplyProgress.of(exchange).finished(ReplyTokens.reportedIn(bytes));
            if (!client.isClosed()) {
                await(response.end(Buffer.buffer(bytes)));
            } else {
                ClientReply.endClosed(response);
            }
        }
    }

    /**
     * Relays the body, telling the balancer as it goes (first byte, output tokens so far, the end) so it can count the
     * work down and learn from complete replies.
     */
    private void pump(InputStream in, ClientConnection client, boolean sse, ReplyProgress progress) throws Exception {
        HttpServerResponse response = client.response();
        SseEventFramer framer = sse ? new SseEventFramer() : null;
        ReplyTokens tokens = new ReplyTokens();
        byte[] buf = new byte[8192];
        byte[] pending = null; // plain body: the last piece read, written when the next comes or with the end
        try {
            int n;
            while (!client.isClosed() && client.timedOut() == null && (n = in.read(buf)) >= 0) {
                if (n > 0) {
                    client.bodyArrived();
                    progress.firstByte();
                }
                byte[] chunk;
                if (framer != null) {
                    chunk = framer.accept(buf, 0, n);
                    if (chunk.length > 0) {
                        tokens.events(chunk);
                        progress.outputTokens(tokens.counted());
                    }
                } else {
                    tokens.body(buf, n);
                    chunk = EMPTY;
                    if (n > 0) {
                        chunk = pending == null ? EMPTY : pending;
                        pending = java.util.Arrays.copyOf(buf, n);
                        if (chunk.length > 0 && !response.isChunked()) {
                            response.setChunked(true); // a second piece: the body streams
                        }
                    }
                }
                if (chunk.length > 0) {
                    response.write(Buffer.buffer(chunk));
                    client.awaitWritable(clientWriteTimeoutMillis);
                }
            }
            if (framer != null && !client.isClosed()) {
                byte[] rest = framer.flush();
                if (rest.length > 0) {
                    response.write(Buffer.buffer(rest));
                }
            }
        } catch (IOException e) {
            if (client.isClosed()) {
                LOG.debug("client went away; backend reply aborted");
                ClientReply.endClosed(response);
                return;
            }
            progress.broken();
            if (client.timedOut() != null) {
                LOG.warn("backend reply cut by the {} timeout", client.timedOut());
            } else {
                LOG.warn("backend reply failed mid-stream: {}", e.toString());
            }
            endAfterFailure(response, sse, client.timedOut());
            return;
        }
        if (client.timedOut() != null && !client.isClosed()) {
            progress.broken(); // cut between two reads
            endAfterFailure(response, sse, client.timedOut());
            return;
        }
        if (!client.isClosed()) {
            progress.finished(tokens.reported());
            await(pending == null ? response.end() : response.end(Buffer.buffer(pending)));
        } else {
            ClientReply.endClosed(response);
        }
    }

    /** The status line is gone already: tell an SSE client in-band, and cut a plain body short so it is seen as broken. */
    private void endAfterFailure(HttpServerResponse response, boolean sse, String timedOut) throws Exception {
        OpenAiError error = timedOut != null
                ? new OpenAiError(504, "server_error", "backend_timeout",
                        "The backend's reply was cut by the gateway's " + timedOut + " timeout", null)
                : new OpenAiError(502, "server_error", "backend_stream_failed",
                        "The backend's reply ended with an error before it was complete", null);
        if (sse) {
            String event = "data: " + error.toJson() + "\n\n";
            response.write(Buffer.buffer(event));
            await(response.end());
        } else if (!response.headWritten()) {
            // nothing of the plain body went out yet: a clear error instead of a cut connection
            String backend = response.headers().get(ClientReply.BACKEND_HEADER);
            response.headers().clear();
            if (backend != null) {
                response.putHeader(ClientReply.BACKEND_HEADER, backend);
            }
            response.setChunked(false);
            response.setStatusCode(error.status()).putHeader("Content-Type", "application/json");
            await(response.end(error.toJson()));
        } else {
            response.reset();
            ClientReply.endClosed(response);
        }
    }

    private void await(io.vertx.core.Future<Void> future) throws Exception {
        try {
            future.toCompletionStage().toCompletableFuture().get(clientWriteTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.debug("writing to the client failed: {}", e.getCause().toString());
        }
    }

    /** @return the content type */
    private static String copyHeaders(Message reply, HttpServerResponse response) {
        String contentType = null;
        for (Map.Entry<String, Object> h : reply.getHeaders().entrySet()) {
            String name = h.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("camel") || DROPPED.contains(lower) || h.getValue() == null) {
                continue;
            }
            if (h.getValue() instanceof Iterable<?> values) {
                for (Object v : values) {
                    response.headers().add(name, String.valueOf(v));
                }
            } else {
                response.headers().set(name, String.valueOf(h.getValue()));
            }
            if (lower.equals("content-type")) {
                contentType = String.valueOf(h.getValue());
            }
        }
        return contentType;
    }
}
