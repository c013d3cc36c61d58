package dev.tokenlb.bench;

import java.util.function.Consumer;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Sends one request over the load generator's asynchronous HTTP client and times its reply: the first SSE
 * {@code data:} line of a stream, and the last byte. Every request ends in exactly one call of its callback, on the
 * client's event loop. A request fails when the status is not 200, the connection breaks, a stream ends without
 * {@code [DONE]} or carries an error event, or a plain reply has no {@code usage}. Thread-safe as its
 * {@link HttpClient}; call it from the driver's event loop so that callbacks stay there.
 */
final class RequestSender {

    private final HttpClient client;

    RequestSender(HttpClient client) {
        this.client = client;
    }

    void send(BenchRequest request, Router.Target target, long scheduledNanos, Consumer<RequestResult> done) {
        send(request, target, scheduledNanos, null, done);
    }

    /** As {@link #send}, and a streamed reply's text is appended to {@code replyText} (null: not kept). */
    void send(BenchRequest request, Router.Target target, long scheduledNanos, StringBuilder replyText,
              Consumer<RequestResult> done) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(target.host())
                .setPort(target.port())
                .setURI(BenchRequest.PATH)
                .putHeader("content-type", "application/json")
                .putHeader("accept", request.stream() ? "text/event-stream" : "application/json");
        Outcome outcome = new Outcome(request.index(), scheduledNanos, done);
        client.request(options)
                .compose(req -> req.send(Buffer.buffer(request.body())))
                .onSuccess(response -> read(response, request.stream(), replyText, outcome))
                .onFailure(failure -> outcome.fail(failure.toString()));
    }

    private static void read(HttpClientResponse response, boolean stream, StringBuilder replyText, Outcome outcome) {
        outcome.backend = response.getHeader("x-sim-backend");
        response.exceptionHandler(failure -> outcome.fail(failure.toString()));
        if (response.statusCode() != 200) {
            response.body().onComplete(body -> outcome.fail("HTTP " + response.statusCode() + ": "
                    + (body.succeeded() ? abbreviate(body.result().toString()) : "")));
            return;
        }
        if (stream) {
            SseScanner sse = new SseScanner();
            if (replyText != null) {
                sse.captureText(replyText);
            }
            response.handler(chunk -> sse.feed(chunk, System.nanoTime()));
            response.endHandler(v -> {
                if (sse.error() != null) {
                    outcome.fail(sse.error());
                } else if (!sse.sawDone()) {
                    outcome.fail("stream ended without [DONE]");
                } else {
                    outcome.succeed(sse.firstDataNanos(), sse.contentEvents());
                }
            });
        } else {
            Future<Buffer> body = response.body();
            body.onSuccess(buffer -> {
                try {
                    JsonObject usage = new JsonObject(buffer).getJsonObject("usage");
                    if (usage == null) {
                        outcome.fail("reply without usage: " + abbreviate(buffer.toString()));
                    } else {
                        outcome.succeed(-1, usage.getInteger("completion_tokens", 0));
                    }
                } catch (RuntimeException e) {
                    outcome.fail("unreadable reply: " + e.getMessage());
                }
            });
            body.onFailure(failure -> outcome.fail(failure.toString()));
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    /** Settles a request once: the first of success or failure wins. Confined to the event loop. */
    private static final class Outcome {
        private final int index;
        private final long scheduledNanos;
        private final Consumer<RequestResult> done;
        private String backend;
        private boolean settled;

        Outcome(int index, long scheduledNanos, Consumer<RequestResult> done) {
            this.index = index;
            this.scheduledNanos = scheduledNanos;
            this.done = done;
        }

        void succeed(long firstTokenNanos, int outputTokens) {
            settle(new RequestResult(index, null, scheduledNanos, firstTokenNanos, System.nanoTime(), outputTokens,
                    backend));
        }

        void fail(String error) {
            settle(new RequestResult(index, error, scheduledNanos, -1, System.nanoTime(), 0, backend));
        }

        private void settle(RequestResult result) {
            if (!settled) {
                settled = true;
                done.accept(result);
            }
        }
    }
}
