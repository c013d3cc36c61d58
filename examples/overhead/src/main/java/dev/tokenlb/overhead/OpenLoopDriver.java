package dev.tokenlb.overhead;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load on one contender for one window: each request is sent at its precomputed time whether or not earlier
 * ones have finished, over a Vert.x keep-alive pool large enough that no request waits for a connection. A request's
 * latency runs from its <em>scheduled</em> send time to the last byte of its reply body, so a late generator or a
 * stall shows in the latency instead of quietly lowering the rate (no coordinated omission). The pacing thread is the
 * caller's. One window at a time.
 */
final class OpenLoopDriver {

    /** A request without an answer by then counts as an error (the fake backend answers in microseconds). */
    static final long REQUEST_TIMEOUT_MS = 10_000;

    private final Context context;
    private final HttpClient client;
    private final ChatRequestBody bodies;
    private final boolean stream;

    /**
     * @param vertx the load generator's own Vert.x; every request is issued from one of its event-loop contexts, so
     *              that a reply's callbacks run on the thread that reads its connection (issued from the pacing
     *              thread, a reply could be read to its end before its body handler is attached, giving an empty
     *              body)
     */
    OpenLoopDriver(Vertx vertx, ChatRequestBody bodies, boolean stream) {
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(120).setPipelining(false)
                .setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
        this.bodies = bodies;
        this.stream = stream;
    }

    WindowResult run(Contender contender, int rate, int round, long[] offsets) throws InterruptedException {
        int n = offsets.length;
        long[] latency = new long[n];
        long[] lag = new long[n];
        AtomicInteger ok = new AtomicInteger();
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(n);
        long cpuBefore = contender.cpuTicks();
        long start = System.nanoTime() + 2_000_000;
        for (int i = 0; i < n; i++) {
            long due = start + offsets[i];
            awaitTime(due);
            lag[i] = System.nanoTime() - due;
            int index = i;
            context.runOnContext(v -> send(contender.port(), index, due, latency, ok, errors, done));
        }
        done.await(REQUEST_TIMEOUT_MS + 2_000, TimeUnit.MILLISECONDS);
        long wall = System.nanoTime() - start;
        long cpuAfter = contender.cpuTicks();
        int finished = ok.get();
        long[] latencies;
        synchronized (latency) {
            latencies = java.util.Arrays.copyOf(latency, finished);
        }
        int unfinished = (int) done.getCount();
        int errorCount = errors.values().stream().mapToInt(Integer::intValue).sum();
        return new WindowResult(contender.name(), rate, round, n, errorCount, Map.copyOf(errors), unfinished, latencies, lag,
                                cpuBefore >= 0 && cpuAfter >= 0 ? cpuAfter - cpuBefore : -1, wall);
    }

    private void send(int port, int i, long due, long[] latency, AtomicInteger ok, Map<String, Integer> errors,
                      CountDownLatch done) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/v1/chat/completions").putHeader("Content-Type", "application/json")
            .setIdleTimeout(REQUEST_TIMEOUT_MS);
        Buffer body = bodies.body(i);
        client.request(options)
            .compose(request -> request.send(body))
            .compose(response -> response.body().map(reply -> verdict(response.statusCode(), reply)))
            .onComplete(outcome -> {
                long end = System.nanoTime();
                String failure = outcome.failed() ? describe(outcome.cause()) : outcome.result();
                if (failure == null) {
                    synchronized (latency) { // completion order; callbacks come from several event loops
                        latency[ok.getAndIncrement()] = end - due;
                    }
                } else {
                    errors.merge(failure, 1, Integer::sum);
                }
                done.countDown();
            });
    }

    /** Null when the whole reply came through (a completion object, or a stream up to its terminator), else why not. */
    private String verdict(int status, Buffer reply) {
        if (status != 200) {
            return "status " + status;
        }
        String text = reply.toString();
        boolean whole = stream ? text.contains("data: [DONE]") : text.contains("\"chat.completion\"");
        return whole ? null : "incomplete body (" + reply.length() + " bytes)";
    }

    private static String describe(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        return cause.getClass().getSimpleName() + ": " + (message.length() > 80 ? message.substring(0, 80) : message);
    }

    /**
     * Parks until {@code due}. No spinning: on a small shared machine a spinning generator would take CPU from the
     * contender it measures; parking overshoots by some tens of microseconds, the same for every contender (see lag).
     */
    private static void awaitTime(long due) {
        long left;
        while ((left = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
