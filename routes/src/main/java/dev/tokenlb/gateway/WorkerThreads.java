package dev.tokenlb.gateway;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.spi.ExecutorServiceFactory;
import org.slf4j.LoggerFactory;

/**
 * Builds the gateway's Vert.x, whose worker pool runs every proxied exchange and holds a thread for as long as its
 * reply streams. {@code tokenlb.virtual-threads}: {@code false} (default) a pool of platform threads sized from
 * {@code tokenlb.max-concurrent}; {@code true} a virtual thread per exchange (JDK 21 and later: a waiting stream then
 * costs a few kilobytes of heap instead of a platform thread's stack; the gateway still sheds load beyond
 * {@code max-concurrent}); {@code auto} virtual threads where the JDK has them. Looked up reflectively, so the
 * gateway still compiles and runs on Java 17.
 */
final class WorkerThreads {

    private WorkerThreads() {
    }

    static Vertx vertx(VertxOptions options, String mode) {
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
                ? "virtual threads" : "a pool of " + options.getWorkerPoolSize() + " platform threads");
        if (!virtual) {
            return Vertx.vertx(options);
        }
        ExecutorServiceFactory perTask = (threadFactory, concurrency, maxConcurrency) -> newVirtualPerTask();
        return new VertxBuilder(options).executorServiceFactory(perTask).init().vertx();
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
}
