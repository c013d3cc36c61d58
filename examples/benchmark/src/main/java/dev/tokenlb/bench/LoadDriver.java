package dev.tokenlb.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * The open-loop load generator: fires each request at its scheduled arrival time whether or not earlier replies have
 * come back, then waits for the replies up to a bounded drain after the last arrival. A dedicated thread keeps the
 * arrival clock; all HTTP work, the router and the bookkeeping run on one event loop of the generator's own Vert.x,
 * so that the generator stays cheap (2 cores are shared with the simulator and the gateway) and needs no locks.
 * Not thread-safe: one run at a time.
 */
final class LoadDriver {

    /** Connections the generator may open; far above any run's concurrency, so no request waits for one. */
    static final int MAX_CONNECTIONS = 4096;
    private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Vertx vertx;

    /** @param vertx the load generator's Vert.x (one event loop is enough, and keeps the router confined) */
    LoadDriver(Vertx vertx) {
        this.vertx = vertx;
    }

    static HttpClient newClient(Vertx vertx) {
        return vertx.createHttpClient(new HttpClientOptions()
                        .setTcpNoDelay(true)
                        .setKeepAlive(true)
                        .setConnectTimeout(10_000),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    }

    /**
     * @param requests   the requests, in arrival order
     * @param offsets    each arrival's offset from the start in nanoseconds (see {@link ArrivalSchedule})
     * @param router     where each request goes
     * @param drainNanos how long to wait for replies after the last arrival was due
     * @param progress   told how the run goes
     */
    RunRecord run(List<BenchRequest> requests, long[] offsets, Router router, long drainNanos, Progress progress)
            throws InterruptedException {
        int n = requests.size();
        HttpClient client = newClient(vertx);
        Context loop = vertx.getOrCreateContext();
        RequestSender sender = new RequestSender(client);
        RequestResult[] results = new RequestResult[n]; // written on the loop only
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] maxLag = {0};
        boolean[] sealed = {false};
        long start = System.nanoTime() + LEAD_NANOS;

        Thread arrivals = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                long due = start + offsets[i];
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                loop.runOnContext(v -> {
                    if (sealed[0]) {
                        return;
                    }
                    maxLag[0] = Math.max(maxLag[0], System.nanoTime() - due);
                    Router.Target target = router.pick(requests.get(index));
                    sent.incrementAndGet();
                    sender.send(requests.get(index), target, due, result -> {
                        if (sealed[0]) {
                            return; // the run is over: a reply cut off by closing the client is not counted
                        }
                        results[index] = result;
                        router.done(target);
                        if (!result.ok()) {
                            errors.incrementAndGet();
                        }
                        done.incrementAndGet();
                    });
                });
            }
        }, "bench-arrivals");
        arrivals.setDaemon(true);
        arrivals.start();

        long drainDeadline = start + offsets[n - 1] + drainNanos;
        while (done.get() < n && System.nanoTime() < drainDeadline) {
            Thread.sleep(100);
            progress.tick(done.get(), sent.get(), n, errors.get());
        }
        arrivals.join();
        CompletableFuture<RequestResult[]> snapshot = new CompletableFuture<>();
        loop.runOnContext(v -> {
            sealed[0] = true;
            snapshot.complete(results.clone());
        });
        RequestResult[] finalResults = join(snapshot);
        progress.end(done.get(), sent.get(), n, errors.get());
        client.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(e -> null).join(); // cuts unfinished replies off, so their backends cancel them
        CompletableFuture<Long> lag = new CompletableFuture<>();
        loop.runOnContext(v -> lag.complete(maxLag[0]));
        return new RunRecord(requests, finalResults, start, start + offsets[n - 1], join(lag));
    }

    private static <T> T join(CompletableFuture<T> future) {
        return future.orTimeout(30, TimeUnit.SECONDS).join();
    }
}
