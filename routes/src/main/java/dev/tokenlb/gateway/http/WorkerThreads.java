package dev.tokenlb.gateway.http;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.spi.ExecutorServiceFactory;
import org.slf4j.LoggerFactory;

/**
 * Builds the gateway's Vert.x, whose worker pool runs every proxied exchange and holds a thread for as long as its
 * reply streams. {@code tokenlb.virtual-threads}: {@code false} (default) an elastic pool of platform threads, up to
 * the worker pool size ({@code tokenlb.max-concurrent} and a margin), that starts a thread only when none is idle and
 * ends one idle for a minute; {@code true} a virtual thread per exchange (JDK 21 and later: a waiting stream then
 * costs a few kilobytes of heap instead of a platform thread's stack; the gateway still sheds load beyond
 * {@code max-concurrent}); {@code auto} virtual threads where the JDK has them. Looked up reflectively, so the
 * gateway still compiles and runs on Java 17.
 * <p>
 * Why elastic: Vert.x's own pool is a {@code ThreadPoolExecutor} whose core size is the pool size, so it starts a new
 * thread for each task until all {@code max-concurrent} exist, idle or not, and keeps them. Hundreds of idle threads
 * cost every GC pause a scan of their stacks, and a request handed to a cold thread waits for it to wake. Measured
 * with the hop-overhead benchmark (README).
 * <p>
 * Counts the tasks handed to the pools and not yet finished ({@link #busy()}), so that {@link HttpGuard} sheds load
 * before the pool is exhausted: its count of requests in flight ends with each response, while the worker that wrote
 * it may still be finishing, or still be running for a client that has hung up.
 */
public final class WorkerThreads {

    /** Platform threads kept even when idle. */
    static final int CORE_THREADS = 32;

    private final AtomicInteger busy = new AtomicInteger();
    private Vertx vertx;

    private WorkerThreads() {
    }

    /** Starts a Vert.x whose worker pools run tasks on platform threads or virtual threads ({@code mode}), counted. */
    public static WorkerThreads start(VertxOptions options, String mode) {
        WorkerThreads threads = new WorkerThreads();
        threads.vertx = threads.build(options, mode);
        return threads;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Tasks handed to the worker pools and not finished yet (with virtual threads, the exchanges running). */
    public int busy() {
        return busy.get();
    }

    private Vertx build(VertxOptions options, String mode) {
        boolean virtual = switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> {
                if (!available()) {
                    throw new IllegalArgumentException("tokenlb.virtual-threads=true needs Java 21 or later; this is "
                                                       + "Java " + Runtime.version().feature());
                }
                yield true;
            }
            case "auto" -> available();
            case "false" -> false;
            default -> throw new IllegalArgumentException("tokenlb.virtual-threads must be true, false or auto, was '"
                                                          + mode + "'");
        };
        LoggerFactory.getLogger(WorkerThreads.class).info("exchanges run on {}", virtual
                ? "virtual threads" : "an elastic pool of up to " + options.getWorkerPoolSize() + " platform threads");
        ExecutorServiceFactory factory = virtual
                ? (threadFactory, concurrency, maxConcurrency) -> new Counted(newVirtualPerTask(), busy)
                : (threadFactory, concurrency, maxConcurrency) -> new Counted(
                        elastic(threadFactory, concurrency, maxConcurrency), busy);
        return new VertxBuilder(options).executorServiceFactory(factory).init().vertx();
    }

    /**
     * Threads up to {@code maxConcurrency}: {@link #CORE_THREADS} kept, the others started only when no idle one takes
     * the task (a synchronous hand-off) and ended after a minute idle. Past the maximum a task is refused; the gateway
     * sheds requests before that.
     */
    static ExecutorService elastic(ThreadFactory threadFactory, Integer concurrency, Integer maxConcurrency) {
        int max = Math.max(1, maxConcurrency == null ? (concurrency == null ? 20 : concurrency) : maxConcurrency);
        // a warm core that never ends, so that steady traffic does not start threads on the event loop that hands
        // the tasks over; threads beyond it come for bursts and long streams, and go after a minute idle
        return new ThreadPoolExecutor(Math.min(max, CORE_THREADS), max, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threadFactory);
    }

    static boolean available() {
        try {
            java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static ExecutorService newVirtualPerTask() {
        try {
            Method m = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads are not available on this JDK", e);
        }
    }

    /** Counts each task from its hand-over until it has run (or was refused). */
    private static final class Counted extends java.util.concurrent.AbstractExecutorService {
        private final ExecutorService pool;
        private final AtomicInteger busy;

        Counted(ExecutorService pool, AtomicInteger busy) {
            this.pool = pool;
            this.busy = busy;
        }

        @Override
        public void execute(Runnable task) {
            busy.incrementAndGet();
            try {
                pool.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        busy.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException e) {
                busy.decrementAndGet();
                throw e;
            }
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public java.util.List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }
}
