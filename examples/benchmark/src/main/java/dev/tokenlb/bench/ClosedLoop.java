package dev.tokenlb.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

/**
 * A closed-loop load: keeps a fixed number of requests open, sending the next one of the list (cycled) as soon as a
 * reply ends. Used to saturate a cluster ({@link SaturationProbe}) and to warm up the JIT; never for the measured
 * runs, which are open loop ({@link LoadDriver}). Like the driver, all HTTP work runs on one event loop.
 * Not thread-safe: start, then {@link #stop()} once.
 */
final class ClosedLoop {

    private final HttpClient client;
    private final Context loop;
    private final RequestSender sender;
    private final Router router;
    private final List<BenchRequest> requests;
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private boolean stopped; // on the loop only

    private ClosedLoop(Vertx vertx, Router router, List<BenchRequest> requests) {
        this.client = LoadDriver.newClient(vertx);
        this.loop = vertx.getOrCreateContext();
        this.sender = new RequestSender(client);
        this.router = router;
        this.requests = requests;
    }

    /** Starts {@code open} requests at once; each reply makes room for the next. */
    static ClosedLoop start(Vertx vertx, Router router, List<BenchRequest> requests, int open) {
        ClosedLoop closedLoop = new ClosedLoop(vertx, router, requests);
        closedLoop.loop.runOnContext(v -> {
            for (int i = 0; i < open; i++) {
                closedLoop.issueNext();
            }
        });
        return closedLoop;
    }

    private void issueNext() {
        if (stopped) {
            return;
        }
        BenchRequest request = requests.get(issued.getAndIncrement() % requests.size());
        Router.Target target = router.pick(request);
        sender.send(request, target, System.nanoTime(), result -> {
            router.done(target);
            if (stopped) {
                return;
            }
            if (!result.ok()) {
                errors.incrementAndGet();
            }
            done.incrementAndGet();
            issueNext();
        });
    }

    /** Waits {@code nanos}, telling {@code progress} how it goes. */
    void runFor(long nanos, Progress progress) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            Thread.sleep(Math.min(100, Math.max(1, left / 1_000_000)));
            progress.tick(done.get(), issued.get(), issued.get(), errors.get());
        }
    }

    /** Sends nothing more and closes the client, which cuts the open replies off (their backends cancel them). */
    void stop(Progress progress) {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        loop.runOnContext(v -> {
            stopped = true;
            stop.complete(null);
        });
        stop.orTimeout(30, TimeUnit.SECONDS).join();
        progress.end(done.get(), issued.get(), issued.get(), errors.get());
        client.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }

    int issued() {
        return issued.get();
    }

    int done() {
        return done.get();
    }

    int errors() {
        return errors.get();
    }
}
